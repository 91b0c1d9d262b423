import ArgumentParser
import ContextTrim
import ContextTrimTokens
import Foundation

/// `ctxtrim filter`: one request body in, the trimmed body out.
struct FilterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "filter",
        abstract: "Trim one request body (stdin to stdout by default).",
        discussion: "Input that is not understood is written out unchanged, with one line on stderr and a non-zero exit (see ctxtrim --help)."
    )

    @Option(name: .customLong("in"), help: ArgumentHelp("Read the request from this file instead of stdin.", valueName: "file"))
    var input: String?

    @Option(name: .customLong("out"), help: ArgumentHelp("Write the result to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(help: ArgumentHelp("Write a JSON report of every edit to this file, with its tokens (o200k_base).", valueName: "file"))
    var report: String?

    @OptionGroup var format: FormatOption

    @OptionGroup var rules: RuleOptions

    func run() throws {
        let counter = report == nil ? nil : LoadingTokenCounter()
        let bytes: [UInt8]
        do {
            bytes = try StandardStreams.contents(of: input)
        } catch let failure as IOFailure {
            StandardStreams.warn(failure.message)
            throw ExitStatus.ioError
        }
        let configuration: TrimConfiguration
        do {
            configuration = try rules.configuration(format: format.format, tokenCounter: counter)
        } catch {
            // Fail open even on a bad option: the request still goes through.
            try? StandardStreams.write(bytes, to: output)
            StandardStreams.warn("\(error); passed the input through unchanged")
            throw ExitCode.validationFailure
        }
        var result = Trimmer(configuration: configuration).trim(bytes)
        if let failure = counter?.failure {
            // Without the vocabulary the report only lacks tokens.
            StandardStreams.warn("\(failure); the report counts no tokens")
            result = Trimmer(configuration: configuration.counting(with: nil)).trim(bytes)
        }
        // Fail open loudly: without libgit2 no repository is found, and its own rules do not apply.
        if let warning = GitRepository.unappliedRulesWarning { StandardStreams.warn(warning) }
        do {
            try StandardStreams.write(result.output, to: output)
            if let report { try StandardStreams.write(ReportFile.encode(result.report), to: report) }
        } catch let failure as IOFailure {
            StandardStreams.warn(failure.message)
            throw ExitStatus.ioError
        }
        if let failure = result.failure {
            StandardStreams.warn("\(failure); passed the input through unchanged")
            throw ExitStatus.code(for: failure)
        }
    }
}

extension WireFormat: ExpressibleByArgument {}

extension CachePrompt.TTL: ExpressibleByArgument {}

/// The report as the `--report` file holds it: pretty, keys sorted.
enum ReportFile {
    static func encode(_ report: TrimReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(report)) + [UInt8(ascii: "\n")]
    }
}
