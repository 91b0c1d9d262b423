import Dispatch

/// A value made on a thread of Dispatch's from the moment this is made,
/// while the caller goes on; `value` waits for it. The report's counts of a
/// request (`RequestTokens`) and `filter`'s loading vocabulary are made so,
/// beside work that does not need them yet.
package final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    // Written once by the making thread before it leaves `group`; read only after waiting on it.
    private var made: Value?

    package init(_ make: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { [self] in
            made = make()
        }
    }

    package var value: Value {
        group.wait()
        return made!
    }
}
