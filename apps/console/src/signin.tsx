import { type FormEvent, useState } from 'react';
import { api } from './api/client';
import type { Signup } from './api/types';
import { ActionForm, TextField } from './form';
import { Field, Secret, useAction } from './ui';

/** Paste a personal API key, or sign up for a new organization and get one. */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [form, setForm] = useState({ email: '', first_name: '', organization_name: '', project_name: '' });
  const [created, setCreated] = useState<Signup>();
  const signup = useAction((body: typeof form) =>
    api<Signup>('POST', '/api/signup', {
      email: body.email,
      organization_name: body.organization_name,
      ...(body.first_name ? { first_name: body.first_name } : {}),
      ...(body.project_name ? { project_name: body.project_name } : {}),
    }),
  );
  const check = useAction(async (value: string) => {
    await api('GET', '/api/users/@me', undefined, { bearer: value });
    return value;
  });

  const useKey = async (event: FormEvent) => {
    event.preventDefault();
    const value = await check.submit(key.trim());
    if (value) onSignedIn(value);
  };
  const signUp = async () => {
    const answer = await signup.submit(form);
    if (answer) setCreated(answer);
  };
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });

  if (created) {
    return (
      <main className="centered signin">
        <h1>Welcome to Strata</h1>
        <p>
          Your organization <strong>{created.organization.name}</strong> has a project <strong>{created.project.name}</strong> with one environment,{' '}
          <strong>{created.environment.name}</strong>.
        </p>
        <Secret label="Your personal API key" value={created.personal_api_key} />
        <p className="hint">The console keeps it for this browser session only. Paste it here next time.</p>
        <button type="button" className="primary" onClick={() => onSignedIn(created.personal_api_key)}>
          Continue to the console
        </button>
      </main>
    );
  }

  return (
    <main className="centered signin">
      <h1>Strata</h1>
      <div className="signin-forms">
        <form onSubmit={useKey} className="card" aria-labelledby="use-key">
          <h2 id="use-key">Sign in with a personal API key</h2>
          <Field label="Personal API key" error={check.error?.detail} hint="Starts with phx_. Kept for this browser session only.">
            <input type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} required />
          </Field>
          <button type="submit" className="primary" disabled={check.pending}>
            Sign in
          </button>
        </form>
        <ActionForm title="Sign up" label="Sign up" action={signup} fields={['email', 'first_name', 'organization_name', 'project_name']} submitLabel="Create account" onSubmit={signUp}>
          <TextField label="Email" name="email" type="email" error={signup.error} value={form.email} onValue={set('email')} required />
          <TextField label="First name" name="first_name" error={signup.error} value={form.first_name} onValue={set('first_name')} />
          <TextField label="Organization name" name="organization_name" error={signup.error} value={form.organization_name} onValue={set('organization_name')} required />
          <TextField label="First project name" name="project_name" error={signup.error} hint="Optional. It starts with one environment, Production." value={form.project_name} onValue={set('project_name')} />
        </ActionForm>
      </div>
    </main>
  );
}
