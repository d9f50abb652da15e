namespace InfraDedup.Core;

internal static class Placeholder { }
