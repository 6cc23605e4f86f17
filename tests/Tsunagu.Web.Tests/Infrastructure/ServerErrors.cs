using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>Keeps what the app logs at Error or above, so a test that gets a 500 page can say why.</summary>
public sealed class ServerErrors : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _errors = new();

    public IReadOnlyList<string> All => _errors.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerErrors owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner._errors.Enqueue($"{category}: {formatter(state, exception)} {exception}");
            }
        }
    }
}
