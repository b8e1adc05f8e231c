import Glibc

/// Starts a detached OS thread. exo's servers block in syscalls, which must never happen on
/// Swift concurrency's cooperative pool, so each connection gets a real thread.
enum Threads {
    private final class Work {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// 4 MiB of stack: reserved, not committed, and enough for deep JSON or SQLite call chains.
    static func detach(stackSize: Int = 4 << 20, _ body: @escaping @Sendable () -> Void) throws(NetworkError) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(Work(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, &attributes, { context in
            Unmanaged<Work>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        if status != 0 {
            Unmanaged<Work>.fromOpaque(context).release()
            throw NetworkError.system("pthread_create", status)
        }
    }
}
