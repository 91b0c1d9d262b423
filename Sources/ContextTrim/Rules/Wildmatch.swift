/// Git's `wildmatch` (wildmatch.c), the glob matcher behind gitignore.
///
/// A faithful port, so that `*`, `?`, `[...]` (ranges, `!`/`^` negation,
/// `[:class:]`), backslash escapes and the `**` forms behave exactly as in git.
/// With `pathname`, wildcards other than `**` do not match `/`.
enum Wildmatch {
    private enum Outcome { case match, noMatch, abortAll, abortToStarStar }

    /// Whether `text` matches `pattern`, which must end in a NUL byte (the
    /// C algorithm's sentinel; `IgnoreRule` stores its glob that way).
    static func matches(terminatedPattern pattern: [UInt8], text: ArraySlice<UInt8>, pathname: Bool) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: text.count + 1) { buffer in
            _ = buffer.initialize(from: text)
            buffer[text.count] = 0
            return pattern.withUnsafeBufferPointer { p in
                run(p, 0, UnsafeBufferPointer(buffer), 0, pathname: pathname) == .match
            }
        }
    }

    private static func isGlobSpecial(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "*") || c == UInt8(ascii: "?") || c == UInt8(ascii: "[") || c == UInt8(ascii: "\\")
    }

    private static let slash = UInt8(ascii: "/")

    private static func run(_ p: UnsafeBufferPointer<UInt8>, _ pStart: Int, _ t: UnsafeBufferPointer<UInt8>, _ tStart: Int, pathname: Bool) -> Outcome {
        var pi = pStart
        var ti = tStart
        while p[pi] != 0 {
            var pCh = p[pi]
            var tCh = t[ti]
            if tCh == 0 && pCh != UInt8(ascii: "*") { return .abortAll }
            switch pCh {
            case UInt8(ascii: "?"):
                if pathname && tCh == slash { return .noMatch }
            case UInt8(ascii: "*"):
                var matchSlash: Bool
                pi += 1
                if p[pi] == UInt8(ascii: "*") {
                    let previous = pi - 2
                    while p[pi] == UInt8(ascii: "*") { pi += 1 }
                    if !pathname {
                        matchSlash = true
                    } else if (previous < 0 || p[previous] == slash)
                                && (p[pi] == 0 || p[pi] == slash || (p[pi] == UInt8(ascii: "\\") && p[pi + 1] == slash)) {
                        if p[pi] == slash && run(p, pi + 1, t, ti, pathname: pathname) == .match { return .match }
                        matchSlash = true
                    } else {
                        matchSlash = false
                    }
                } else {
                    matchSlash = !pathname
                }
                if p[pi] == 0 {
                    if !matchSlash {
                        var k = ti
                        while t[k] != 0 { if t[k] == slash { return .noMatch }; k += 1 }
                    }
                    return .match
                } else if !matchSlash && p[pi] == slash {
                    var k = ti
                    while t[k] != 0 && t[k] != slash { k += 1 }
                    if t[k] == 0 { return .noMatch }
                    // Both slashes are consumed together, as by the loop's advance.
                    ti = k + 1
                    pi += 1
                    continue
                }
                while true {
                    if tCh == 0 { break }
                    if !isGlobSpecial(p[pi]) {
                        pCh = p[pi]
                        while true {
                            tCh = t[ti]
                            if tCh == 0 || (!matchSlash && tCh == slash) { break }
                            if tCh == pCh { break }
                            ti += 1
                        }
                        if tCh != pCh { return .noMatch }
                    }
                    let matched = run(p, pi, t, ti, pathname: pathname)
                    if matched != .noMatch {
                        if !matchSlash || matched != .abortToStarStar { return matched }
                    } else if !matchSlash && tCh == slash {
                        return .abortToStarStar
                    }
                    ti += 1
                    tCh = t[ti]
                }
                return .abortAll
            case UInt8(ascii: "["):
                pi += 1
                pCh = p[pi]
                if pCh == UInt8(ascii: "!") { pCh = UInt8(ascii: "^") }
                let negated = pCh == UInt8(ascii: "^")
                if negated { pi += 1; pCh = p[pi] }
                var previous: UInt8 = 0
                var matched = false
                repeat {
                    if pCh == 0 { return .abortAll }
                    if pCh == UInt8(ascii: "\\") {
                        pi += 1
                        pCh = p[pi]
                        if pCh == 0 { return .abortAll }
                        if tCh == pCh { matched = true }
                    } else if pCh == UInt8(ascii: "-") && previous != 0 && p[pi + 1] != 0 && p[pi + 1] != UInt8(ascii: "]") {
                        pi += 1
                        pCh = p[pi]
                        if pCh == UInt8(ascii: "\\") {
                            pi += 1
                            pCh = p[pi]
                            if pCh == 0 { return .abortAll }
                        }
                        if tCh <= pCh && tCh >= previous { matched = true }
                        pCh = 0
                    } else if pCh == UInt8(ascii: "[") && p[pi + 1] == UInt8(ascii: ":") {
                        pi += 2
                        let classStart = pi
                        while p[pi] != 0 && p[pi] != UInt8(ascii: "]") { pi += 1 }
                        if p[pi] == 0 { return .abortAll }
                        let length = pi - classStart - 1
                        if length < 0 || p[pi - 1] != UInt8(ascii: ":") {
                            pi = classStart - 2
                            pCh = UInt8(ascii: "[")
                            if tCh == pCh { matched = true }
                        } else {
                            let name = String(decoding: UnsafeBufferPointer(rebasing: p[classStart..<classStart + length]), as: UTF8.self)
                            guard let member = characterClass(name, contains: tCh) else { return .abortAll }
                            if member { matched = true }
                            pCh = 0
                        }
                    } else if tCh == pCh {
                        matched = true
                    }
                    previous = pCh
                    pi += 1
                    pCh = p[pi]
                } while pCh != UInt8(ascii: "]")
                if matched == negated || (pathname && tCh == slash) { return .noMatch }
            case UInt8(ascii: "\\"):
                pi += 1
                pCh = p[pi]
                if tCh != pCh { return .noMatch }
            default:
                if tCh != pCh { return .noMatch }
            }
            pi += 1
            ti += 1
        }
        return t[ti] != 0 ? .noMatch : .match
    }

    /// Whether `c` belongs to the POSIX class `name`; nil for an unknown class.
    private static func characterClass(_ name: String, contains c: UInt8) -> Bool? {
        let isUpper = c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")
        let isLower = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
        let isDigit = c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
        switch name {
        case "alnum": return isUpper || isLower || isDigit
        case "alpha": return isUpper || isLower
        case "blank": return c == 0x20 || c == 0x09
        case "cntrl": return c < 0x20 || c == 0x7F
        case "digit": return isDigit
        case "graph": return c > 0x20 && c < 0x7F
        case "lower": return isLower
        case "print": return c >= 0x20 && c < 0x7F
        case "punct": return c > 0x20 && c < 0x7F && !(isUpper || isLower || isDigit)
        case "space": return c == 0x20 || (c >= 0x09 && c <= 0x0D)
        case "upper": return isUpper
        case "xdigit": return isDigit || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "F"))
        default: return nil
        }
    }
}
