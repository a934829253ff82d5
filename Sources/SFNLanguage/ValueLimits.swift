// The one size limit of each kind of value, checked before the value is allocated: a failed
// allocation aborts the process (Swift cannot catch it), so a value past its limit is a located
// error instead.
import Foundation
import SFNSyntax

/// How large a value of each kind may be. Every operation that makes a value of a size the
/// program chooses (constructors, broadcasts, `vcat`, generators, `string`, …) checks it here
/// before allocating. Records have no limit of their own: their fields are written in the source
/// or made by a command, so they are as small as the program text.
package enum ValueLimits {
    /// A tensor's elements: 1e8 doubles, 800 MB. Only the fuzz target changes it (it lowers it,
    /// so that no input spends its time budget filling memory), before anything runs.
    package nonisolated(unsafe) static var tensorElements = 100_000_000
    /// A string's bytes (UTF-8): 1e8, 100 MB.
    static let stringBytes = 100_000_000
    /// A list's items: 1e7 (each item is a value of its own, a few dozen bytes at least).
    static let listItems = 10_000_000

    /// The kinds of value with a size limit.
    enum Kind {
        case tensor, string, list

        var limit: Int {
            switch self {
            case .tensor: return ValueLimits.tensorElements
            case .string: return ValueLimits.stringBytes
            case .list: return ValueLimits.listItems
            }
        }

        /// What the size counts: "elements", "bytes", "items".
        var unit: String {
            switch self {
            case .tensor: return "elements"
            case .string: return "bytes"
            case .list: return "items"
            }
        }
    }

    /// Refuses to read a file whose text would be a string past the limit (`load` and `chars` hold
    /// a file's text whole before parsing it), from its size on disk, before reading it.
    static func checkFileSize(_ path: String, named file: String, for command: String, at location: SourceLocation) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
              size.doubleValue > Double(stringBytes) else { return }
        throw SFNError("\(command): file '\(file)' has \(ValueDisplay.number(size.doubleValue)) bytes, more than the limit of 1e8 for a string "
                       + "(its text is read whole)", at: location)
    }

    /// Refuses a value of `kind` that would have `count` elements, bytes or items: "`what` would
    /// have 1.3e8 bytes`detail`, more than the limit of 1e8 for a string".
    static func check(_ count: Double, _ kind: Kind, _ what: String, detail: String = "",
                      at location: SourceLocation) throws {
        guard count > Double(kind.limit) else { return }
        let limit = "1e\(Int(log10(Double(kind.limit)).rounded()))"
        let per = kind == .tensor ? "" : " for a \(kind)"
        throw SFNError("\(what) would have \(ValueDisplay.number(count)) \(kind.unit)\(detail), more than the limit of \(limit)\(per)",
                       at: location)
    }
}
