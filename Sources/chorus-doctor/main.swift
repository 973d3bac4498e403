import ChorusCommandLine

// Every command lives in ChorusCommandLine; the simulator's server is a program of its own (chorus-doctor-sim), so
// nothing here loads it.
await CommandLineTool.main()
