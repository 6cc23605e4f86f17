using BenchmarkDotNet.Running;
using Tsunagu.Benchmarks;

if (args.Length > 0 && args[0] == "scale")
{
    return await SearchScaleBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "schedule-scale")
{
    return await ScheduleScaleBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "approval-inbox")
{
    return await ApprovalInboxBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "bulletin-list")
{
    return await BulletinListBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "chat-fanout")
{
    return await ChatFanoutBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "usage-report")
{
    return await UsageReportBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
