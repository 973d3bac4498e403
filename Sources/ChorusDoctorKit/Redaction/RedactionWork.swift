import Synchronization

/// How much reading the redactor's scanners did: one step per position a scanner looks at and per byte or scalar it
/// compares, tables and splices included. Tests give a `Redactor` one to check that the work grows linearly with the
/// text (a count, not a time: the rules keep clocks out of tests). Scanners count into a local integer and add it
/// here once per text, and only when a redactor has a `RedactionWork`.
public final class RedactionWork: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// The steps counted so far.
    public var steps: Int { count.load(ordering: .relaxed) }

    /// Starts counting again from zero.
    public func reset() { count.store(0, ordering: .relaxed) }

    func add(_ steps: Int) { count.add(steps, ordering: .relaxed) }
}
