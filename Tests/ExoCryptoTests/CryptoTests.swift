import Testing
import ExoCrypto

struct SHA256Tests {
    @Test func matchesFIPSKnownAnswers() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}

struct PBKDF2Tests {
    // RFC 7914 §11 and the widely published PBKDF2-HMAC-SHA256 vectors for "password"/"salt".
    @Test(arguments: [
        (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ])
    func matchesKnownAnswers(_ iterations: Int, _ expected: String) {
        let key = PasswordHasher.pbkdf2(password: Array("password".utf8), salt: Array("salt".utf8),
                                        iterations: iterations, keyLength: 32)
        #expect(Hex.encode(key) == expected)
    }

    @Test func matchesRFC7914Vector() {
        let key = PasswordHasher.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, keyLength: 64)
        #expect(Hex.encode(key) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }
}

struct PasswordHasherTests {
    let hasher = PasswordHasher(iterations: 1000)

    @Test func verifiesTheRightPasswordOnly() {
        let encoded = hasher.hash("correct horse")
        #expect(encoded.hasPrefix("pbkdf2_sha256$1000$"))
        #expect(PasswordHasher.verify("correct horse", against: encoded))
        #expect(!PasswordHasher.verify("correct horse ", against: encoded))
        #expect(!PasswordHasher.verify("", against: encoded))
    }

    @Test func saltsEachHashDifferently() {
        #expect(hasher.hash("same") != hasher.hash("same"))
    }

    @Test func defaultWorkFactorIsRecordedInTheHash() {
        #expect(PasswordHasher().hash("x").hasPrefix("pbkdf2_sha256$600000$"))
    }

    @Test(arguments: ["", "plain", "pbkdf2_sha256$1000$zz$00", "pbkdf2_sha256$0$00$00", "md5$1$00$00",
                      "pbkdf2_sha256$1000$0011$", "pbkdf2_sha256$x$00$00"])
    func malformedHashesNeverVerify(_ encoded: String) {
        #expect(!PasswordHasher.verify("anything", against: encoded))
    }
}

struct RandomAndHexTests {
    @Test func bytesHaveTheRequestedLengthAndDiffer() {
        #expect(SecureRandom.bytes(32).count == 32)
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(16) != SecureRandom.bytes(16))
    }

    @Test func tokensAreHex() {
        let token = SecureRandom.token()
        #expect(token.count == 64)
        #expect(Hex.decode(token)?.count == 32)
    }

    @Test func stringsUseOnlyTheAlphabet() {
        let id = SecureRandom.string(length: 8)
        #expect(id.count == 8)
        #expect(id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        #expect(SecureRandom.string(length: 50, alphabet: "x") == String(repeating: "x", count: 50))
    }

    @Test func hexRoundTripsAndRejectsGarbage() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equals("secret", "secret"))
        #expect(!ConstantTime.equals("secret", "secreT"))
        #expect(!ConstantTime.equals("secret", "secret2"))
        #expect(ConstantTime.equals([UInt8](), []))
    }
}
