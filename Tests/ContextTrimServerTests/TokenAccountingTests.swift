import ContextTrim
import Foundation
import Synchronization
import Testing
@testable import ContextTrimServer

/// Token counting never holds more than its budget of waiting requests.
@Suite("token accounting")
struct TokenAccountingTests {
    /// A counter whose counts wait until `release()`: the counting thread
    /// stays busy for as long as a test needs.
    final class HeldCounter: TokenCounting {
        let name = "held"
        private let released = Mutex(false)

        func release() { released.withLock { $0 = true } }

        func count(_ text: [UInt8]) -> Int {
            while !released.withLock({ $0 }) { usleep(1000) }
            return text.count
        }
    }

    @Test("requests wait to be counted up to maxPendingBytes of body; past that they are skipped, and counted again once the backlog clears")
    func byteBudget() async throws {
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let result = await ProxyHarness.offPool { Trimmer(configuration: ProxyHarness.trim.forcing(.anthropicMessages)).trim(body) }
        let counter = HeldCounter()
        let accounting = TokenAccounting(counter: counter, maxPendingBytes: body.count * 3 / 2)
        let (counted, done) = AsyncStream<TrimReport>.makeStream()
        let admitted = accounting.count(result, edits: { _ in }, request: { report, _ in done.yield(report) })
        let overBudget = accounting.count(result, edits: { _ in }, request: { report, _ in done.yield(report) })
        counter.release()
        var reports = counted.makeAsyncIterator()
        let report = try #require(await reports.next())
        while accounting.count(result, edits: { _ in }, request: { report, _ in done.yield(report) }) == false { try await Task.sleep(for: .milliseconds(5)) }
        let again = try #require(await reports.next())
        #expect(admitted && !overBudget)
        #expect(report.tokenizer == "held" && report.tokensIn != nil && report.tokensIn == again.tokensIn)
    }

    @Test("a request larger than the whole budget is still counted when nothing waits")
    func largeRequest() async throws {
        let body = ServerFixtures.body("claudecode-junk-step02.json").bytes
        let result = await ProxyHarness.offPool { Trimmer(configuration: ProxyHarness.trim.forcing(.anthropicMessages)).trim(body) }
        let counter = HeldCounter()
        counter.release()
        let accounting = TokenAccounting(counter: counter, maxPendingBytes: 10)
        let (counted, done) = AsyncStream<TrimReport>.makeStream()
        let admitted = accounting.count(result, edits: { _ in }, request: { report, _ in done.yield(report) })
        #expect(admitted)
        var reports = counted.makeAsyncIterator()
        #expect(await reports.next()?.tokensIn != nil)
    }
}
