using System.Globalization;
using Tsunagu.Core.Search;

namespace Tsunagu.Web.Features.Search;

/// <summary>Turns the query string of the search page and API into a <see cref="SearchQuery"/>, and back into links.</summary>
public static class SearchRequests
{
    public const int MaxQueryLength = 200;

    /// <summary>Period facet values are months (yyyy-MM, Tokyo time); anything else is ignored rather than an error.</summary>
    public static SearchQuery Build(string text, string? module, int? department, string? period, int? page, int pageSize = 20)
    {
        var query = new SearchQuery(text.Length > MaxQueryLength ? text[..MaxQueryLength] : text)
        {
            Module = string.IsNullOrWhiteSpace(module) ? null : module,
            DepartmentId = department,
            Page = Math.Clamp(page ?? 1, 1, 10_000),
            PageSize = Math.Clamp(pageSize, 1, SearchQuery.MaxPageSize),
        };
        if (period is not null && DateTime.TryParseExact(period, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            var offset = TimeSpan.FromHours(9);
            var from = new DateTimeOffset(month, offset);
            query = query with { From = from, To = from.AddMonths(1) };
        }

        return query;
    }

    public static string Link(string? text, string? module, int? department, string? period, int page = 1)
    {
        var parts = new List<string> { "q=" + Uri.EscapeDataString(text ?? "") };
        if (module is not null)
        {
            parts.Add("module=" + Uri.EscapeDataString(module));
        }

        if (department is not null)
        {
            parts.Add("dept=" + department.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (period is not null)
        {
            parts.Add("period=" + Uri.EscapeDataString(period));
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return "/search?" + string.Join('&', parts);
    }
}
