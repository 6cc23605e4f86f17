using Tsunagu.Web.Hosting;

return await TsunaguHost.RunAsync(args);
