/** Settings › Appearance: text size, table density and motion, applied at once and kept on this device. */
import { useState } from 'react';
import { Radio, RadioGroup } from '@bcgov/design-system-react-components';
import type { Appearance } from '../../shared/api/appearanceOps';
import { errorMessage } from '../api/errors';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { Card } from '../ui/Card';
import { useAppearance } from './appearance';
import './appearance-screen.css';

type Choice<K extends keyof Appearance> = { value: Appearance[K]; label: string };

const TEXT_SIZES: Choice<'text_size'>[] = [
  { value: 'normal', label: 'Normal' },
  { value: 'large', label: 'Large' },
  { value: 'larger', label: 'Larger' },
];
const DENSITIES: Choice<'density'>[] = [
  { value: 'comfortable', label: 'Comfortable' },
  { value: 'compact', label: 'Compact' },
];
const MOTIONS: Choice<'motion'>[] = [
  { value: 'system', label: 'Follow the system' },
  { value: 'reduce', label: 'Reduce motion' },
];

export function AppearanceScreen() {
  useDocumentTitle('Appearance');
  const { appearance, change } = useAppearance();
  const [message, setMessage] = useState('');
  const save = (next: Partial<Appearance>) => {
    setMessage('');
    change(next).then(
      () => setMessage('Saved. The workbench looks like this each time it starts on this device.'),
      (error: unknown) => setMessage(`Not saved: ${errorMessage(error)}`),
    );
  };
  const group = <K extends keyof Appearance>(key: K, label: string, description: string, choices: Choice<K>[]) => (
    <RadioGroup label={label} description={description} value={appearance[key]} onChange={(value) => save({ [key]: value } as Partial<Appearance>)} orientation="vertical">
      {choices.map((choice) => (
        <Radio key={choice.value} value={choice.value}>
          {choice.label}
        </Radio>
      ))}
    </RadioGroup>
  );
  return (
    <div className="page page--narrow appearance-screen">
      <h1>Appearance</h1>
      <p className="page-heading__lede">How the workbench looks on this device. Each change applies at once and stays for the next start.</p>
      <Card title="Reading and layout" className="appearance-screen__card">
        {group('text_size', 'Text size', 'Large is an eighth larger than normal, Larger a quarter; tables, forms and the header grow with the text.', TEXT_SIZES)}
        {group('density', 'Table density', 'Compact tables fit more rows in a window: the dossier list and the tables of each screen.', DENSITIES)}
        {group('motion', 'Motion', 'Reduce motion stops loading animations, fading and smooth scrolling to a section, whatever the operating system says.', MOTIONS)}
      </Card>
      <p role="status" className="appearance-screen__status">
        {message}
      </p>
    </div>
  );
}
