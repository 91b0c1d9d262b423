import Benchmark
import ContextTrim
import Foundation

/// Requests to trim, grouped by wire format and size: the fixtures of
/// 100 KB and more, the merged inputs `make_inputs.py` writes, and every
/// fixture whatever its size.
enum BenchmarkInputs {
    struct Group {
        let name: String
        let requests: [[UInt8]]
        var bytes: Int { requests.reduce(0) { $0 + $1.count } }
    }

    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(_ folder: URL) -> [(name: String, bytes: [UInt8])] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        var found: [(String, [UInt8])] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "json", let data = FileManager.default.contents(atPath: url.path) {
                found.append((url.path, [UInt8](data)))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    static func wireFormat(of bytes: [UInt8]) -> WireFormat? {
        guard let document = try? JSONScanner.scan(bytes) else { return nil }
        return FormatDetector.detect(document.root)?.format
    }

    static let groups: [Group] = {
        let fixtures = load(package.deletingLastPathComponent().appendingPathComponent("Tests/Fixtures"))
            .filter { !$0.name.contains("JSONTestSuite") }
        let merged = load(package.appendingPathComponent("inputs"))
        var groups: [Group] = []
        for format in WireFormat.allCases {
            let large = fixtures.filter { $0.bytes.count >= 100_000 && wireFormat(of: $0.bytes) == format }.map(\.bytes)
            if !large.isEmpty { groups.append(Group(name: "\(format.rawValue) fixtures >=100KB", requests: large)) }
            for size in ["1mb", "10mb"] {
                let inputs = merged.filter { $0.name.hasSuffix("\(format.rawValue)-merged-\(size).json") }.map(\.bytes)
                if !inputs.isEmpty { groups.append(Group(name: "\(format.rawValue) merged \(size)", requests: inputs)) }
            }
        }
        groups.append(Group(name: "all fixtures, every size", requests: fixtures.map(\.bytes)))
        return groups
    }()
}

let throughput = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident, throughput],
        maxDuration: .seconds(3),
        maxIterations: 400
    )
    let configurations: [(name: String, trimmer: Trimmer)] = [
        ("ignore-rules", Trimmer(configuration: TrimConfiguration(detectRepository: false, stages: [IgnoreRulesStage()]))),
        ("default", Trimmer(configuration: TrimConfiguration(detectRepository: false))),
    ]
    for (stages, trimmer) in configurations {
        for group in BenchmarkInputs.groups {
            let bytes = group.bytes
            Benchmark("\(stages): \(group.name) (\(bytes / 1000) KB a sample)") { benchmark in
                let clock = ContinuousClock()
                let elapsed = clock.measure {
                    for request in group.requests { blackHole(trimmer.trim(request)) }
                }
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                benchmark.measurement(throughput, Int(Double(bytes) / seconds / 1e6))
            }
        }
    }
}
