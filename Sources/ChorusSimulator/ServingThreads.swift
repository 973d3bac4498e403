import Foundation

/// Threads of the simulator's own, on which its server runs (a task executor preference for the server's task and
/// every child task it starts: one per connection).
///
/// Swift's cooperative pool has one thread per core. A caller that blocks a few of them (a test waiting on a
/// process, a host program calling into a library that blocks) would otherwise leave the simulator unable to answer
/// the very requests that caller waits for. With its own threads it answers whatever the rest of the process does.
/// One pool for the process: simulators come and go (tests start hundreds), their late jobs still find threads.
final class ServingThreads: TaskExecutor, @unchecked Sendable {
    static let shared = ServingThreads(count: 4)

    /// Guards `jobs` and `head`; threads wait on it for work.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    private init(count: Int) {
        for index in 0..<count {
            let thread = Thread { [self] in work() }
            thread.name = "chorus-simulator-\(index)"
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024 {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
