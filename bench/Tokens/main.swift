import ContextTrimTokens
import Foundation

// Times the o200k counter on one text file, in process and single-threaded,
// as tiktoken's `encode_ordinary` is timed on the same file by
// bench/tokens.py: `Tokens FILE RUNS` prints one JSON line with the bytes,
// the tokens, and each run's seconds. The vocabulary is loaded, and the text
// counted once, before the runs are timed.
let arguments = CommandLine.arguments
guard arguments.count == 3, let runs = Int(arguments[2]), runs > 0,
      let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: Tokens FILE RUNS\n".utf8))
    exit(64)
}
let text = [UInt8](data)
let counter = try TokenCounter.o200k()
let tokens = counter.count(text)
var seconds: [Double] = []
let clock = ContinuousClock()
for _ in 0..<runs {
    var counted = 0
    let elapsed = clock.measure { counted = counter.count(text) }
    precondition(counted == tokens, "the count changed between runs")
    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
let line = #"{"bytes": \#(text.count), "tokens": \#(tokens), "seconds": [\#(seconds.map { String($0) }.joined(separator: ", "))]}"#
print(line)
