using System.Collections.Concurrent;

namespace Tsunagu.Web.Features.Accounts;

/// <summary>
/// Limits sign-in attempts per client address (a sliding minute). Together with Identity's temporary lockout per
/// account this slows guessing from one address and against one account without locking the real user out for good.
/// </summary>
public sealed class SignInThrottle(IConfiguration configuration, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _attempts = new(StringComparer.Ordinal);
    private readonly int _perMinute = configuration.GetValue("Tsunagu:SignIn:AttemptsPerAddressPerMinute", 20);

    /// <summary>Counts an attempt; false when the address has used up its attempts for the minute.</summary>
    public bool TryAttempt(string address)
    {
        var now = clock.GetUtcNow();
        var queue = _attempts.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() > TimeSpan.FromMinutes(1))
            {
                queue.Dequeue();
            }

            if (queue.Count >= _perMinute)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}
