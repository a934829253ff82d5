// CSV text as a table of numbers, for `load` of a CSV file (LANGUAGE.md §6). The fields are split by
// yaslab/CSV.swift (RFC 4180: quoted fields may hold commas, line breaks and doubled quotes; CRLF
// or LF line ends). On a digits-sized file (5,620 rows × 65, release build) it took 109 ms with
// the work below, against 222 ms for the hand-written splitter it replaces (swiftcsv/SwiftCSV: 264
// ms). This file adds what a dataset needs: line numbers for errors, numbers, a label column of names.
import CSV

extension Builtins {
    /// A parsed CSV file: the header's names, the values row by row (the target column's entries
    /// are 0 when it holds names), each row's first line number, and the target column's names
    /// in class order when it holds names (nil when it holds numbers).
    struct CSVTable {
        var header: [String]
        var values: [Double]
        var rows: Int
        var lines: [Int]
        var classes: [String]?
        var labels: [Double]
    }

    /// The field without the spaces and tabs around it.
    static func trimmed(_ field: String) -> String {
        guard let first = field.utf8.first, let last = field.utf8.last,
              first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 else { return field }
        var s = field.unicodeScalars[...]
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// The line breaks (LF, CR, or CR LF as one) inside a field, counted over its bytes.
    static func lineBreaks(in field: String) -> Int {
        var count = 0, afterCR = false
        for b in field.utf8 {
            if b == 0x0A { if !afterCR { count += 1 } } else if b == 0x0D { count += 1 }
            afterCR = b == 0x0D
        }
        return count
    }

    /// Reads `text` (a UTF-8 BOM is skipped); the column `target` may hold names instead of numbers:
    /// then its distinct names, sorted, are the classes, and each row's label is its name's index.
    static func parseCSV(_ text: String, target: String, file: String, args: Arguments) throws -> CSVTable {
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        // The reader's own trimFields costs 5× the time of the parse (a CharacterSet test per character),
        // so spaces around a field are trimmed here, and only where they matter: header names, and
        // numbers that do not parse as they stand.
        let reader = try CSVReader(string: String(scalars), hasHeaderRow: false)
        var header: [String]? = nil
        var targetColumn = -1
        var table = CSVTable(header: [], values: [], rows: 0, lines: [], classes: nil, labels: [])
        var names: [String] = []  // the target column as text, until it is known to hold numbers
        var targetIsNumeric = true
        var line = 1  // the line the next row starts on
        while let fs = reader.next() {
            let start = line
            // A row ends with one line break; its quoted fields may hold more.
            line += 1 + fs.reduce(0) { $0 + lineBreaks(in: $1) }
            if fs.count == 1, trimmed(fs[0]).isEmpty { continue }  // a blank line
            guard let h = header else {
                if let i = fs.firstIndex(where: { trimmed($0).isEmpty }) {
                    throw args.error("'\(file)' line \(start): the header's column \(i + 1) has no name", at: "file")
                }
                let columns = fs.map(trimmed)
                header = columns
                table.header = columns
                targetColumn = columns.firstIndex(of: target) ?? -1
                continue
            }
            guard fs.count == h.count else {
                var message = "'\(file)' line \(start): expected \(h.count) values (as in the header), got \(fs.count)"
                if line - start > 1 { message += "; a quoted field runs on from line \(start) (is a closing quote missing?)" }
                throw args.error(message, at: "file")
            }
            for (c, f) in fs.enumerated() {
                if c == targetColumn {
                    let f = trimmed(f)
                    if f.isEmpty { throw args.error("'\(file)' line \(start), column '\(h[c])': the label is empty", at: "file") }
                    names.append(f)
                    if targetIsNumeric, let v = Double(f) { table.labels.append(v) } else { targetIsNumeric = false }
                    table.values.append(0)
                    continue
                }
                guard let v = Double(f) ?? Double(trimmed(f)) else {
                    throw args.error("'\(file)' line \(start), column '\(h[c])': '\(f)' is not a number"
                                     + (targetColumn >= 0 ? " (only the target column, '\(target)', may hold names)" : ""), at: "file")
                }
                table.values.append(v)
            }
            table.rows += 1
            table.lines.append(start)
        }
        if let error = reader.error { throw args.error("cannot read '\(file)': \(error)", at: "file") }
        guard let h = header else { throw args.error("file '\(file)' is empty: it needs a header line and rows of numbers", at: "file") }
        guard table.rows > 0 else { throw args.error("file '\(file)' has a header but no rows", at: "file") }
        guard h.count >= 2 else { throw args.error("file '\(file)' needs at least two columns (the inputs and the target)", at: "file") }
        if !targetIsNumeric {
            // Sorted rather than in order of appearance, so that a file's rows may come in any
            // order (or be split into train and test files) and still get the same class indices.
            let classes = Array(Set(names)).sorted()
            let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, Double($0)) })
            table.classes = classes
            table.labels = names.map { index[$0] ?? 0 }
        }
        if targetColumn >= 0 {
            for r in 0..<table.rows { table.values[r * h.count + targetColumn] = table.labels[r] }
        }
        return table
    }
}
