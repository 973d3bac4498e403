import ChorusCommandLine

// Every command lives in ChorusCommandLine; the simulator's server is a program of its own (chorus-doctor-sim), so
// nothing here loads it. `main` is synchronous: help and usage errors are answered before Swift concurrency starts.
CommandLineTool.main()
