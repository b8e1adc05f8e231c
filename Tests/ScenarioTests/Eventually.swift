import Foundation

/// Asks `condition` every 200 ms until it holds or `timeout` seconds have passed, for what the
/// platform does asynchronously (a restart after a crash, a log line arriving).
func eventually(_ timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(200_000)
    }
    return condition()
}
