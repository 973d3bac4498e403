extension Array {
    /// The elements with each region replaced, in one pass: the regions are in order and do not overlap. (Replacing
    /// them one by one in place moves the rest of the array each time: quadratic on a text full of secrets.)
    func splicing(_ regions: [(range: Range<Int>, with: [Element])]) -> [Element] {
        guard !regions.isEmpty else { return self }
        var result: [Element] = []
        result.reserveCapacity(count + regions.reduce(0) { $0 + $1.with.count })
        var position = 0
        for region in regions {
            result.append(contentsOf: self[position..<region.range.lowerBound])
            result.append(contentsOf: region.with)
            position = region.range.upperBound
        }
        result.append(contentsOf: self[position...])
        return result
    }
}
