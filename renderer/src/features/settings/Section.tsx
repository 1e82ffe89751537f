/** A titled box of settings on the Settings screen: a `<section>` holding a `<dl>` of rows. */
import { Box, Paper, Title } from '@mantine/core';
import type { ReactNode, SyntheticEvent } from 'react';

export interface SectionProps {
  title: string;
  testId: string;
  children: ReactNode;
  /** Below the rows, outside the `<dl>` (Save button, status). */
  footer?: ReactNode;
  /** Renders the section as a `<form>`, submitted by its Save button or Enter. */
  onSubmit?: () => void;
}

export function Section(props: SectionProps) {
  const titleId = `${props.testId}-title`;
  return (
    <Paper
      withBorder
      p="md"
      component={props.onSubmit ? 'form' : 'section'}
      aria-labelledby={titleId}
      noValidate={props.onSubmit ? true : undefined}
      onSubmit={(event: SyntheticEvent) => {
        event.preventDefault();
        props.onSubmit?.();
      }}
      data-testid={props.testId}
    >
      <Title order={2} size="h4" mb="xs" id={titleId}>
        {props.title}
      </Title>
      <Box component="dl" m={0}>
        {props.children}
      </Box>
      {props.footer}
    </Paper>
  );
}
