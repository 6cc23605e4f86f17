namespace Tsunagu.Benchmarks;

public static class BulletinListBenchmark
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(1);
}
