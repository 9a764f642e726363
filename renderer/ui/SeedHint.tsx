export function SeedHint() {
  return (
    <p className="hint">
      To try the workbench with sample partners, run <code>pcr-workbench demo seed</code>, then open the dashboard again.
    </p>
  );
}
