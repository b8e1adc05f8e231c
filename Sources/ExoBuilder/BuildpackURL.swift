import ExoCore

/// A custom app's buildpack URL, checked when the app is created with the rules its builds
/// apply (remote git URLs, no option-like URL or branch), so a bad one is refused then rather
/// than at the first push.
public enum BuildpackURL {
    public static func validate(_ text: String) throws(ExoError) {
        _ = try BuildpackSource.parseGitURL(text, allowLocal: false)
    }
}
