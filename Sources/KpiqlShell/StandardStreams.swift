import CEditLineShim
import Foundation

/// What the `kpiql` binary does first, before anything opens a file: a closed standard
/// stream gets /dev/null in its place (so the next file opened cannot take descriptor 1 and
/// receive results meant for standard output), a closed standard output is remembered so the
/// first result reports it, and termination signals clean up a whole-file write in progress.
public enum StandardStreams {
    /// kpiql was started with standard output closed (`kpiql … >&-`): writing it is an error (EBADF).
    public private(set) static var outputClosedAtStart = false

    public static func prepare() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
            if fd == 1 { outputClosedAtStart = true }
        }
        kq_install_termination_handlers()
    }

    /// A reader closed the pipe on standard output (`kpiql … | head`): end at once and quietly,
    /// as `cat` and `seq` do, killed by SIGPIPE (status 141 in the shell). The reader has
    /// what it wanted; no diagnostic, and the remaining statements are not run.
    public static func endOnClosedPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(SIGPIPE)
        _exit(128 + SIGPIPE)   // only if SIGPIPE could not end the process
    }
}
