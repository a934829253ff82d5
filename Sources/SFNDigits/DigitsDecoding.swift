// Decoding the bundled digits (DigitsData.swift, generated) into integers.

extension DigitsData {
    /// The table as integers: 64 pixels (0–16) per row, and the labels (0–9).
    package static func decoded() -> (pixels: [UInt8], labels: [UInt8]) {
        var pixels: [UInt8] = [], labels: [UInt8] = []
        pixels.reserveCapacity(rows * 64); labels.reserveCapacity(rows)
        var column = 0
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "\n"), UInt8(ascii: " "): continue
            case UInt8(ascii: "0")...UInt8(ascii: "9") where column == 64:
                labels.append(c - UInt8(ascii: "0")); column = 0; continue
            case UInt8(ascii: "0")...UInt8(ascii: "9"): pixels.append(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "g"): pixels.append(c - UInt8(ascii: "a") + 10)
            default: continue
            }
            column += 1
        }
        return (pixels, labels)
    }
}
