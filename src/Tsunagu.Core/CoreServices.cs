using Microsoft.Extensions.DependencyInjection;
using Tsunagu.Core.Approvals;
using Tsunagu.Core.Audit;
using Tsunagu.Core.Bulletins;
using Tsunagu.Core.Chat;
using Tsunagu.Core.Circulation;
using Tsunagu.Core.Data.Demo;
using Tsunagu.Core.Facilities;
using Tsunagu.Core.Identity;
using Tsunagu.Core.Meetings;
using Tsunagu.Core.Notifications;
using Tsunagu.Core.Organization;
using Tsunagu.Core.Requests;
using Tsunagu.Core.Schedules;
using Tsunagu.Core.Search;
using Tsunagu.Core.StaffSurveys;
using Tsunagu.Core.Strategy;
using Tsunagu.Core.Usage;

namespace Tsunagu.Core;

public static class CoreServices
{
    /// <summary>Feature services of the core; the host adds the database, Identity and the seams.</summary>
    public static IServiceCollection AddTsunaguCore(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<NotificationService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<StaffImporter>();
        services.AddScoped<AccessTokenService>();
        services.AddScoped<DemoCitySeeder>();
        services.AddScoped<ScheduleDemoSeeder>();
        services.AddScoped<ApprovalDemoSeeder>();
        services.AddSingleton<UsageRecorder>();
        services.AddScoped<UsageReportService>();
        services.AddScoped<UsageImporter>();
        services.AddScoped<ContentUsageService>();
        services.AddScoped<ScheduleReader>();
        services.AddScoped<ScheduleService>();
        services.AddScoped<FreeTimeSearch>();
        services.AddScoped<FacilityAdminService>();
        services.AddScoped<FacilityBookingService>();
        services.AddScoped<EventAttachmentService>();
        services.AddTsunaguSearch();
        services.AddSingleton<ISearchSource, ScheduleSearchContent>();
        services.AddScoped<RouteResolver>();
        services.AddScoped<ApprovalService>();
        services.AddScoped<ApprovalReader>();
        services.AddScoped<DelegationService>();
        services.AddScoped<FormAdminService>();
        services.AddScoped<ApprovalEvidence>();
        services.AddScoped<IEvidenceCheck>(sp => sp.GetRequiredService<ApprovalEvidence>());
        services.AddSingleton<ISearchSource, ApprovalSearchContent>();
        services.AddScoped<BulletinDemoSeeder>();
        services.AddScoped<CirculationDemoSeeder>();
        services.AddScoped<ChatDemoSeeder>();
        services.AddBulletins();
        services.AddCirculation();
        services.AddChat();
        services.AddScoped<MeetingDemoSeeder>();
        services.AddScoped<UsageDemoSeeder>();
        services.AddScoped<MinutesDemoSeeder>();
        services.AddScoped<WorkRequestDemoSeeder>();
        services.AddMeetings();
        services.AddMinutes();
        services.AddWorkRequests();
        services.AddScoped<StaffSurveyDemoSeeder>();
        services.AddStaffSurveys();
        services.AddScoped<StrategyDemoSeeder>();
        services.AddStrategy();
        return services;
    }
}
