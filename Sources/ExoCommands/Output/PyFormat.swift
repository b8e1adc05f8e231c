/// Python's `str.format` field widths as cctrl uses them: strings pad on the right,
/// numbers on the left, nothing is ever truncated.
enum PyFormat {
    static func left(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func right(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
