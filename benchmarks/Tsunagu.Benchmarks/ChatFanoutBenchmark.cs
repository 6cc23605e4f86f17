namespace Tsunagu.Benchmarks;

public static class ChatFanoutBenchmark
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(1);
}
