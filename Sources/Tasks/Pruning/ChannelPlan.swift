/// Which channels every node keeps: TAO's index selection run once per equalization group, on
/// the group's merged scores, and read back through each node's layout.
struct ChannelPlan {
    let spaces: ChannelSpaces
    /// Per space, whether each channel stays (all spaces of a group share one mask).
    private var kept: [[Bool]]
    /// Per space, why its group keeps every channel, or how many layers voted on it.
    private var notes: [String?]

    init(spaces: ChannelSpaces, options: PruningOptions) {
        self.spaces = spaces
        let all = spaces.spaces
        kept = all.map { [Bool](repeating: true, count: $0.size) }
        notes = [String?](repeating: nil, count: all.count)
        for members in spaces.groups().values {
            let scores = members.flatMap { all[$0].scores }
            let note: String?
            let mask: [Bool]
            if let reason = members.lazy.compactMap({ all[$0].keptWhole }).first {
                note = reason
                mask = [Bool](repeating: true, count: all[members[0]].size)
            } else if scores.isEmpty {
                note = nil
                mask = [Bool](repeating: true, count: all[members[0]].size)
            } else {
                let merged = FilterStatistics.merge(scores, by: options.equalization)
                var m = [Bool](repeating: false, count: merged.count)
                for i in FilterStatistics.retainedIndices(merged, options: options) { m[i] = true }
                mask = m
                note = scores.count > 1 ? "equalized across \(scores.count) layers" : nil
            }
            for s in members {
                kept[s] = mask
                notes[s] = note
            }
        }
    }

    /// The positions of `node`'s output channels that stay, ascending; nil when all of them do.
    func keptPositions(of node: String) -> [Int]? {
        guard let layout = spaces.layouts[node] else { return nil }
        var positions: [Int] = []
        positions.reserveCapacity(layout.count)
        for (p, ref) in layout.enumerated() where kept[ref.space][ref.index] { positions.append(p) }
        return positions.count == layout.count ? nil : positions
    }

    /// Why `node`'s channels all stay, or that they were equalized with other layers.
    func note(for node: String) -> String? {
        guard let first = spaces.layouts[node]?.first else { return nil }
        return notes[first.space]
    }
}
