@testable import ContextTrim

/// The contract every input is held to, whatever it is: what the fuzzers
/// (`bench/fuzz.sh`) check on each input they make, and what `make test`
/// checks again on the inputs they found (`Tests/Fixtures/fuzz`). Written
/// from outside the pipeline: it looks only at bytes in and bytes out.
enum FuzzContract {
    static let trimmer = Trimmer(configuration: TrimConfiguration(detectRepository: false))

    /// How trimming `input` broke the contract, or nil: the same output
    /// twice; for input that is not JSON, or that the pipeline gives up on,
    /// the input itself; for JSON, valid JSON that still holds every key
    /// path of the input.
    static func pipelineViolation(_ input: [UInt8]) -> String? {
        let result = trimmer.trim(input)
        guard trimmer.trim(input).output == result.output else { return "trimming the same input twice gave two outputs" }
        return violation(input: input, output: result.output, failed: result.failure != nil)
    }

    /// How `output`, made of `input` (`failed`: the pipeline gave up on
    /// it), breaks the contract, or nil.
    static func violation(input: [UInt8], output: [UInt8], failed: Bool) -> String? {
        guard let before = try? JSONScanner.scan(input) else {
            return output == input ? nil : "input that is not JSON came out changed"
        }
        if failed { return output == input ? nil : "a request the pipeline gave up on came out changed" }
        guard let after = try? JSONScanner.scan(output) else { return "valid JSON came out invalid" }
        let kept = Set(keyPaths(of: after.root))
        if let lost = keyPaths(of: before.root).first(where: { !kept.contains($0) }) { return "the key path \(lost) was lost" }
        return nil
    }

    /// How scanning `input` broke the contract, or nil: a document whose
    /// every string decodes, as the same tree when scanned again.
    static func scannerViolation(_ input: [UInt8]) -> String? {
        guard let document = try? JSONScanner.scan(input) else { return nil }
        guard document.bytes == input, document.root.span.upperBound <= input.count else { return "the document does not stand for its bytes" }
        func decodesEveryString(_ value: JSONValue) -> Bool {
            if value.kind == .string && value.decodedBytes == nil { return false }
            return value.children.allSatisfy(decodesEveryString)
        }
        guard decodesEveryString(document.root) else { return "a string of a valid document does not decode" }
        guard let again = try? JSONScanner.scan(input), keyPaths(of: again.root) == keyPaths(of: document.root) else {
            return "scanning the same bytes twice gave two trees"
        }
        return nil
    }

    /// Every object key of a value, as a path from the root (`messages[3].content`).
    static func keyPaths(of value: JSONValue, at path: String = "") -> [String] {
        switch value.kind {
        case .object:
            return value.members.flatMap { member -> [String] in
                let key = path + "." + (member.key.string ?? "?")
                return [key] + keyPaths(of: member.value, at: key)
            }
        case .array:
            return value.children.enumerated().flatMap { keyPaths(of: $1, at: path + "[\($0)]") }
        default:
            return []
        }
    }
}
