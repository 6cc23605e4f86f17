using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Tsunagu.Web.Tests.Infrastructure;

/// <summary>
/// A browser without JavaScript: keeps cookies, does not follow redirects, submits server-rendered forms with
/// their antiforgery token, and comes from an address of its own.
/// </summary>
public sealed class TestBrowser : IDisposable
{
    public const string AuthCookie = "tsunagu.auth";

    private static readonly Uri BaseAddress = new("http://localhost");

    public TestBrowser(TsunaguFactory factory, string address)
    {
        Address = address;
        Client = factory.CreateDefaultClient(BaseAddress, new CookieContainerHandler(Cookies));
        Client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; } = new();

    /// <summary>The remote address the app sees for this browser.</summary>
    public string Address { get; }

    public bool HasAuthCookie => Cookies.GetCookies(BaseAddress)[AuthCookie] is { Expired: false, Value.Length: > 0 };

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public async Task<(HttpResponseMessage Response, string Text)> GetTextAsync(string path)
    {
        var response = await GetAsync(path);
        return (response, Html.Readable(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Opens <paramref name="page"/>, fills the form chosen by <paramref name="pick"/> and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, Func<HtmlForm, bool> pick, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await GetAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {page} before submitting its form");
        var form = Html.Forms(html).FirstOrDefault(pick) ?? throw new InvalidOperationException($"No such form on {page}:\n{html}");
        var values = form.Hidden.Concat(fields).ToList();
        using var content = new FormUrlEncodedContent(values);
        return await Client.PostAsync(new Uri(form.Action is { Length: > 0 } action ? action : page, UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> SignInAsync(string login, string password, string page = "/account/login") =>
        SubmitAsync(page, f => f.Handler == "login", [new("Input.Login", login), new("Input.Password", password)]);

    /// <summary>Signs out with the form of the page header (POST with its antiforgery token).</summary>
    public Task<HttpResponseMessage> SignOutAsync() =>
        SubmitAsync("/notifications", f => f.Action == "/account/logout", []);

    public void Dispose() => Client.Dispose();
}
