// `save` (LANGUAGE.md §6 "Output"): the file's extension picks the format — JSON (JSONSave.swift),
// CSV (CSVSave.swift) or NumPy's .npy (NPYFormat.swift) — and every format is written through the
// one atomic replace (FileIO.replace), so a failed save leaves an existing file as it was. It is
// listed with the data built-ins (load reads what it writes), which register after the plots, so it
// replaces the JSON-only save still declared in Plots.swift (to be deleted there; issue 19).
import SFNNumerics

extension Builtins {
    /// The formats save writes and load reads back, by extension.
    static let saveFormats = [".json", ".csv", ".npy"]

    static var save: Builtin {
        Builtin("save", summary: "writes a value to a file: .json (any value), .csv (columns), .npy (a tensor, for NumPy)",
                help: """
                    The extension picks the format; load reads each back.
                    .json: any value. Numbers exactly (whole values as integers, others in the shortest text
                    that reads back to the same double, -0 as -0.0); inf, -inf and nan, which JSON has no
                    numbers for, as the strings "inf", "-inf", "nan". Tensors as nested arrays (a matrix is an
                    array of rows); an empty tensor whose shape nested arrays cannot show, such as
                    zeros(0, 3), as {"shape": [0, 3], "data": []} (NumPy: np.reshape(d["data"], d["shape"])).
                    Lists as arrays, records as objects with their fields in order, strings, bools; a
                    function as its name.
                    .csv: a vector as one column named x; a matrix as columns named x1, x2, …; a record of
                    equal-length vectors as one column per field, named after it. A header line, then one
                    line per row; numbers exactly as in JSON, non-finite ones as nan, inf, -inf (pandas and
                    NumPy read these). load(file, target="x2") reads it back as a dataset.
                    .npy: a tensor (or a number, as a 0-d array) in NumPy's format 1.0: float64,
                    little-endian, C order, the shape kept (empty shapes too); np.load reads it and
                    load gives it back bit for bit.
                    The path is relative to the current directory; an existing file is replaced, or left as
                    it was when the save fails. Returns nothing.
                    """,
                parameters: [.required("value"), .required("file", shown: "\"out.json\"")]) { args in
            let v = try args.required("value")
            let file = try args.string("file")
            guard !file.isEmpty else { throw args.error("the file name is empty", at: "file") }
            let name = file.split(separator: "/").last.map(String.init) ?? file
            let dot = name.lastIndex(of: ".").map { String(name[$0...]).lowercased() }
            guard let format = dot, saveFormats.contains(format) else {
                throw args.error((dot.map { "unknown file extension '\($0)'" } ?? "'\(file)' has no extension")
                                 + ": the extension picks the format, one of " + saveFormats.joined(separator: ", "), at: "file")
            }
            let bytes: [UInt8]
            switch format {
            case ".csv":
                do { bytes = Array(try CSVColumnWriter.encode(v).utf8) } catch let e as CSVColumnWriter.Unwritable {
                    throw args.error(e.description, at: "value")
                }
            case ".npy":
                switch v {
                case .tensor(let t): bytes = NPYFormat.encode(t)
                case .number(let x): bytes = NPYFormat.encode(Tensor(x))
                default:
                    throw args.error("cannot write \(v.kindDescription) to a .npy file: it holds one tensor (or number) of float64", at: "value")
                }
            default:
                do { bytes = Array(try JSONWriter.encode(v).utf8) } catch let e as JSONWriter.Unwritable {
                    throw args.error(e.description, at: "value")
                }
            }
            do { try args.context.replaceFile(file, with: bytes) } catch {
                throw args.error("cannot write '\(file)': \(error)", at: "file")
            }
            return .nothing
        }
    }
}
