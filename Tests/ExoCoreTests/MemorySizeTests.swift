import Testing
import ExoCore

struct MemorySizeTests {
    @Test(arguments: [
        ("128", 1, false), ("256", 2, false), ("256MB", 2, false), ("512m", 4, false),
        ("1GB", 8, false), ("1g", 8, false), ("1024mb", 8, false), ("200", 2, true),
        ("1", 1, true), ("129M", 2, true), ("1000", 8, true), (" 384 Mb ", 3, false),
    ])
    func parsesCctrlMemorySyntaxRoundingUpToBoxes(_ text: String, _ boxes: Int, _ roundedUp: Bool) throws {
        let (size, wasRounded) = try MemorySize.parse(text)
        #expect(size.boxes == boxes)
        #expect(size.megabytes == boxes * 128)
        #expect(wasRounded == roundedUp)
    }

    @Test(arguments: ["", "0", "0MB", "1025", "2g", "abc", "MB", "256KB", "1.5g", "-256", "12 34",
                      "99999999999999999999"])
    func rejectsOutOfRangeOrMalformedSizes(_ text: String) {
        #expect(throws: ExoError.invalid("memory", MemorySize.invalidMemoryMessage)) { try MemorySize.parse(text) }
    }

    @Test func boxesMustBeBetweenOneAndEight() throws {
        #expect(try MemorySize(boxes: 1).megabytes == 128)
        #expect(try MemorySize(boxes: 8).megabytes == 1024)
        #expect(throws: ExoError.invalid("size", MemorySize.invalidSizeMessage)) { try MemorySize(boxes: 0) }
        #expect(throws: ExoError.invalid("max_boxes", MemorySize.invalidSizeMessage)) {
            try MemorySize(boxes: 9, field: "max_boxes")
        }
    }
}
