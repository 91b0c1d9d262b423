import Foundation

/// Large request bodies made from the fixtures: a Claude Code session's
/// messages repeated until the body reaches a size, each copy a new turn.
enum LargeBodies {
    static func anthropic(bytes target: Int) -> [UInt8] {
        let fixture = ServerFixtures.body("claudecode-junk-step02.json").bytes
        var whole = try! JSONSerialization.jsonObject(with: Data(fixture)) as! [String: Any]
        let messages = whole["messages"] as! [[String: Any]]
        func repeated(rounds: Int) -> [[String: Any]] {
            (0..<rounds).flatMap { round in
                messages.map { message -> [String: Any] in
                    var copy = message
                    if round > 0 && message["role"] as? String == "user", let content = copy["content"] as? String {
                        copy["content"] = content + " (round \(round))"
                    }
                    return copy
                }
            }
        }
        var rounds = 1
        while true {
            whole["messages"] = repeated(rounds: rounds)
            let body = [UInt8](try! JSONSerialization.data(withJSONObject: whole, options: [.sortedKeys]))
            if body.count >= target { return body }
            rounds = rounds * target / body.count + 1
        }
    }
}
