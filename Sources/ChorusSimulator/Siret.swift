import Foundation

/// French establishment identifier: 14 digits, the SIREN (9) then the NIC (5), checked with the Luhn algorithm.
public enum Siret {
    /// True when `value` is 14 ASCII digits whose Luhn sum is a multiple of 10.
    public static func isValid(_ value: String) -> Bool {
        value.utf8.count == 14 && passesLuhn(value)
    }

    /// True when every character is an ASCII digit and the Luhn sum is a multiple of 10.
    public static func passesLuhn(_ digits: String) -> Bool {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return luhnSum(digits) % 10 == 0
    }

    /// Appends the Luhn check digit to `prefix` (13 digits make a SIRET, 8 a SIREN).
    public static func completing(_ prefix: String) -> String {
        for digit in 0...9 where passesLuhn(prefix + String(digit)) {
            return prefix + String(digit)
        }
        return prefix
    }

    private static func luhnSum(_ digits: String) -> Int {
        var total = 0
        for (index, byte) in digits.utf8.reversed().enumerated() {
            var value = Int(byte - 0x30)
            if index % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            total += value
        }
        return total
    }
}
