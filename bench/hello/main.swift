// The start-up yardstick: a Swift program that imports Foundation and prints a line, built like chorus-doctor's
// release binary (optimised, Swift runtime linked statically). bench/run.sh builds and times it beside --help.
import Foundation

print("hello \(ProcessInfo.processInfo.arguments.count)")
