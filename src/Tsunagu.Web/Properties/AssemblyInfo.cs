using System.Resources;

[assembly: NeutralResourcesLanguage("ja")]
