/// `--memory` and `--size` of `deploy` (cctrl's `_get_size_from_memory`).
public enum MemoryOption {
    public static let boxRange = 1...8

    /// Boxes of 128 MB for a memory text such as "256", "256MB", "512m", "1GB", "1g" (case-insensitive).
    /// Returns nil for an unknown unit or a missing number; `roundedUpTo` is the megabytes after
    /// rounding up when the text was not a multiple of 128 MB.
    public static func boxes(forMemory text: String) -> (boxes: Int, roundedUpTo: Int?)? {
        let lowered = text.lowercased()
        let digits = lowered.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let amount = Double(digits) else { return nil }
        let megabytes: Double
        switch lowered.dropFirst(digits.count) {
        case "mb", "m", "": megabytes = amount
        case "gb", "g": megabytes = amount * 1024
        default: return nil
        }
        let exact = megabytes / 128
        guard exact < Double(Int.max / 256) else { return (Int.max / 256, nil) }
        let boxes = Int(exact.rounded(.up))
        return (boxes, Double(boxes) == exact ? nil : boxes * 128)
    }

    public static func roundingMessage(_ megabytes: Int) -> String {
        "Memory size has to be a multiple of 128MB and has been rounded up to \(megabytes)MB."
    }

    /// The `max_boxes` to send: `--size`, or `--memory` converted (warning on stderr when rounded).
    /// pycclib takes a zero size or memory as not given and deploys without a word; here it is
    /// refused like any other size out of range.
    static func maxBoxes(size: Int?, memory: String?, console: any Console) throws -> Int? {
        if let size {
            if memory != nil { throw CLIError.input(Messages.ambiguousSize) }
            guard boxRange.contains(size) else { throw CLIError.input(Messages.invalidSize) }
            return size
        }
        guard let memory else { return nil }
        guard let parsed = boxes(forMemory: memory) else { throw CLIError.input(Messages.invalidMemory) }
        if let rounded = parsed.roundedUpTo { console.printError(roundingMessage(rounded)) }
        guard boxRange.contains(parsed.boxes) else { throw CLIError.input(Messages.invalidMemory) }
        return parsed.boxes
    }
}
