/// An optional that JSON writes as `null` when it is absent, instead of
/// leaving its key out as Swift's synthesized encoding does: the audit's
/// schema promises every key, with `null` where a figure is unknown (a cost
/// the price table cannot price), so that a reader never has to guess.
@propertyWrapper
struct ExplicitNull<Value: Encodable & Sendable>: Encodable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}
