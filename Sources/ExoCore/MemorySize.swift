/// A container memory size in boxes of 128 MB (1...8, i.e. 128...1024 MB), the unit of the
/// deployment's `max_boxes` and of `--size`.
public struct MemorySize: Sendable, Equatable {
    public static let megabytesPerBox = 128
    public static let boxRange = 1...8
    public static let invalidMemoryMessage = "Memory size should be an integer between 128 and 1024 MB."
    public static let invalidSizeMessage = "Size should be an integer between 1 and 8."

    public var boxes: Int
    public var megabytes: Int { boxes * Self.megabytesPerBox }

    /// A size given in boxes (`--size`, `max_boxes`).
    public init(boxes: Int, field: String = "size") throws(ExoError) {
        guard Self.boxRange.contains(boxes) else { throw .invalid(field, Self.invalidSizeMessage) }
        self.boxes = boxes
    }

    /// Parses cctrl's `--memory` syntax ("256", "256MB", "512m", "1GB", "1g"; case-insensitive,
    /// MB when no unit). Sizes round up to whole boxes; `roundedUp` tells the caller to warn.
    public static func parse(_ text: String, field: String = "memory") throws(ExoError)
        -> (size: MemorySize, roundedUp: Bool)
    {
        let invalid = ExoError.invalid(field, invalidMemoryMessage)
        let lowered = text.lowercased().filter { $0 != " " && $0 != "\t" }
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        let unit = lowered.dropFirst(digits.count)
        guard !digits.isEmpty, digits.count <= 9, let amount = Int(digits) else { throw invalid }
        let megabytes: Int
        switch unit {
        case "", "m", "mb": megabytes = amount
        case "g", "gb": megabytes = amount * 1024
        default: throw invalid
        }
        let boxes = (megabytes + megabytesPerBox - 1) / megabytesPerBox
        guard megabytes > 0, boxRange.contains(boxes) else { throw invalid }
        return (MemorySize(checkedBoxes: boxes), megabytes % megabytesPerBox != 0)
    }

    private init(checkedBoxes: Int) { boxes = checkedBoxes }
}
