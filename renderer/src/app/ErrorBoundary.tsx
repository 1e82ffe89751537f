import { Alert, Button, Code, Stack, Text } from '@mantine/core';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface State {
  error: Error | null;
}

function Fallback(props: { error: Error; onReset: () => void }) {
  const { t } = useTranslation('common');
  return (
    <Alert color="red" title={t('error-boundary.title')} role="alert" data-testid="error-boundary">
      <Stack gap="xs">
        <Text size="sm">{t('error-boundary.body')}</Text>
        <Code block data-i18n-ignore>
          {props.error.message}
        </Code>
        <Button onClick={props.onReset} w="fit-content" size="xs">
          {t('error-boundary.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}

/**
 * Catches render errors in a subtree and shows a readable message instead of a blank
 * screen. `resetKey` (e.g. the route) clears the error when the user navigates away.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };
  private lastResetKey: string | undefined = this.props.resetKey;

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override componentDidUpdate(): void {
    if (this.props.resetKey !== this.lastResetKey) {
      this.lastResetKey = this.props.resetKey;
      if (this.state.error) this.setState({ error: null });
    }
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <Fallback error={this.state.error} onReset={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
