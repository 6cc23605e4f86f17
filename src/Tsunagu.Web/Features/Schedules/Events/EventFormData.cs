using Tsunagu.Core.Data;
using Tsunagu.Core.Schedules;

namespace Tsunagu.Web.Features.Schedules.Events;

/// <summary>What the event form shows besides the input itself: the lists to choose from and the people chosen.</summary>
public sealed class EventFormData
{
    /// <summary>Whose schedule a new event may go into (the viewer, and the people whose schedule they keep).</summary>
    public IReadOnlyList<PersonOption> Organizers { get; init; } = [];

    /// <summary>On an edit, the organiser does not change.</summary>
    public PersonOption? FixedOrganizer { get; init; }

    public IReadOnlyList<PersonOption> SelectedPeople { get; init; } = [];

    public IReadOnlyList<PersonOption>? Matches { get; init; }

    public IReadOnlyList<DepartmentOption> Departments { get; init; } = [];

    public IReadOnlyList<FacilityGroupOption> Facilities { get; init; } = [];

    /// <summary>False when one occurrence of a series is edited: it cannot repeat on its own.</summary>
    public bool ShowRecurrence { get; init; } = true;

    /// <summary>The stored rule in words, when the form cannot show it field by field.</summary>
    public string? KeptRule { get; init; }

    public static async Task<EventFormData> LoadAsync(
        AppDbContext db, ScheduleViewer viewer, EventInput input, string ungroupedName, bool showRecurrence = true, int? fixedOrganizerId = null,
        string? keptRule = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<PersonOption>? matches = null;
        if (string.Equals(input.Command, EventInput.CommandFind, StringComparison.Ordinal))
        {
            matches = await EventLookups.FindPeopleAsync(db, input.PeopleQuery, input.Attendees, cancellationToken);
        }

        var organizers = fixedOrganizerId is null ? await EventLookups.OrganizersAsync(db, viewer, cancellationToken) : [];
        var fixedOrganizer = fixedOrganizerId is { } id ? (await EventLookups.PeopleAsync(db, [id], cancellationToken)).FirstOrDefault() : null;
        return new EventFormData
        {
            Organizers = organizers,
            FixedOrganizer = fixedOrganizer,
            SelectedPeople = await EventLookups.PeopleAsync(db, input.Attendees, cancellationToken),
            Matches = matches,
            Departments = await EventLookups.DepartmentsAsync(db, cancellationToken),
            Facilities = await EventLookups.FacilitiesAsync(db, ungroupedName, cancellationToken),
            ShowRecurrence = showRecurrence,
            KeptRule = keptRule,
        };
    }
}
