using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core;
using Tsunagu.Core.Data;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Web.Tests.Infrastructure;

namespace Tsunagu.Web.Tests.Schedules.Api;

/// <summary>A staff member of their own (so tests do not see each other's events) with an API client.</summary>
public sealed record ApiCaller(int Id, string Login, HttpClient Client) : IDisposable
{
    public static async Task<ApiCaller> CreateAsync(TsunaguApp app, string purpose)
    {
        var login = Logins.Unique(purpose);
        var account = await app.CreateAccountAsync(login, Roles.Staff);
        var token = await app.CreateTokenAsync(login);
        return new ApiCaller(account.Id, login, app.ApiClient(token.Secret));
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(Url(path));

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsJsonAsync(Url(path), body);

    public Task<HttpResponseMessage> PutAsync(string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Url(path)) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> DeleteAsync(string path) => Client.DeleteAsync(Url(path));

    public Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        Client.PostAsync(Url(path), new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonElement> JsonAsync(string path)
    {
        var response = await GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ReadAsync(response);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts problem details with the status and returns them.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, text);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);

    public void Dispose() => Client.Dispose();
}

/// <summary>Facilities of the tests' own, so bookings of one test never meet another's.</summary>
public static class TestFacilities
{
    public static Task<int> CreateAsync(TsunaguApp app, string name, bool requiresApproval = false) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var facility = new Facility
            {
                Name = $"{name} {Guid.NewGuid():N}"[..Math.Min(Facility.MaxNameLength, name.Length + 9)],
                Kind = FacilityKind.Room,
                Capacity = 10,
                Location = "本庁舎9階",
                Attributes = "プロジェクター",
                RequiresApproval = requiresApproval,
                IsActive = true,
            };
            db.Facilities.Add(facility);
            await db.SaveChangesAsync();
            return facility.Id;
        });

    /// <summary>An instant from Tokyo wall-clock time.</summary>
    public static DateTimeOffset Tokyo(int year, int month, int day, int hour, int minute) =>
        Clock.FromTokyo(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified));
}
