import { type FormEvent, useState } from 'react';
import { api } from './api/client';
import type { Signup } from './api/types';
import { Field, fieldError, FormError, Secret, useAction } from './ui';

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
  const signUp = async (event: FormEvent) => {
    event.preventDefault();
    const answer = await signup.submit(form);
    if (answer) setCreated(answer);
  };
  const set = (name: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value });

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
        <form onSubmit={signUp} className="card" aria-labelledby="sign-up">
          <h2 id="sign-up">Sign up</h2>
          <Field label="Email" error={fieldError(signup.error, 'email')}>
            <input type="email" value={form.email} onChange={set('email')} required />
          </Field>
          <Field label="First name" error={fieldError(signup.error, 'first_name')}>
            <input value={form.first_name} onChange={set('first_name')} />
          </Field>
          <Field label="Organization name" error={fieldError(signup.error, 'organization_name')}>
            <input value={form.organization_name} onChange={set('organization_name')} required />
          </Field>
          <Field label="First project name" error={fieldError(signup.error, 'project_name')} hint="Optional. It starts with one environment, Production.">
            <input value={form.project_name} onChange={set('project_name')} />
          </Field>
          <FormError error={signup.error} fields={['email', 'first_name', 'organization_name', 'project_name']} />
          <button type="submit" className="primary" disabled={signup.pending}>
            Create account
          </button>
        </form>
      </div>
    </main>
  );
}
