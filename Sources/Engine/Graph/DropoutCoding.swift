/// Dropout's JSON: `{"rate": r}`, plus `"perItem": true` only for drop-connect, so graphs saved
/// before `perItem` existed still load and element-wise dropout writes what it always wrote.
extension Dropout {
    private enum Keys: String, CodingKey { case rate, perItem }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(rate: try c.decode(Float.self, forKey: .rate),
                  perItem: try c.decodeIfPresent(Bool.self, forKey: .perItem) ?? false)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(rate, forKey: .rate)
        if perItem { try c.encode(perItem, forKey: .perItem) }
    }
}
