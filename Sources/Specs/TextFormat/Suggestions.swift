/// "Did you mean …?" for misspelt field names, enum values and YAML keys.
enum Suggestions {
    /// The candidate closest to `word`, if one is close enough to be what the user meant.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let other = candidate.lowercased()
            var distance = editDistance(Array(lowered.utf8), Array(other.utf8))
            // A name cut short or run on ("batch_size" for "batch_size_per_gpu") is also a match.
            if min(lowered.count, other.count) >= 4, lowered.hasPrefix(other) || other.hasPrefix(lowered) {
                distance = min(distance, 1)
            }
            if distance <= max(1, lowered.count / 3), distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// `; did you mean "x"?` or `; expected one of: a, b, c` (at most `limit` names).
    static func hint(for word: String, in candidates: [String], limit: Int = 12) -> String {
        if let match = closest(to: word, in: candidates) { return "; did you mean \"\(match)\"?" }
        guard !candidates.isEmpty else { return "" }
        let shown = candidates.prefix(limit).joined(separator: ", ")
        return "; expected one of: " + shown + (candidates.count > limit ? ", …" : "")
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
