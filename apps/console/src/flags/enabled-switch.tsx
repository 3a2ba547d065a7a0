/** A flag's on/off in one environment: an accessible switch (role, checked state, a label naming where). */
export function EnabledSwitch({ label, enabled, pending, onToggle }: { label: string; enabled: boolean; pending: boolean; onToggle: () => void }) {
  return (
    <button type="button" role="switch" aria-checked={enabled} aria-label={label} className={`toggle${enabled ? ' on' : ''}`} disabled={pending} onClick={onToggle}>
      {enabled ? 'On' : 'Off'}
    </button>
  );
}
