import ArgumentParser
import ContextTrim

/// The exit codes `ctxtrim --help` and the README document.
enum ExitStatus {
    static let invalidJSON = ExitCode(1)
    static let unrecognizedRequest = ExitCode(2)
    static let invalidOutput = ExitCode(3)
    static let ioError = ExitCode(74)

    static func code(for failure: TrimFailure) -> ExitCode {
        switch failure {
        case .invalidJSON: return invalidJSON
        case .notAnObject, .unrecognizedFormat: return unrecognizedRequest
        case .invalidOutput: return invalidOutput
        }
    }
}
