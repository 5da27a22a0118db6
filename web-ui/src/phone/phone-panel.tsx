import {
  AudioMutedOutlined,
  AudioOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Input, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CertificateHelp } from './certificate-help';
import type { PhoneState } from './phone-state';
import { type BrowserPhone, DTMF_KEYS, useBrowserPhone } from './use-browser-phone';

const STATUS_COLOR: Record<PhoneState['registration'], string> = {
  unregistered: 'default',
  registering: 'processing',
  registered: 'success',
  error: 'error',
};

/** A number the agent may dial from the pad: digits, *, # and a leading +. */
const DIALLABLE = /^\+?[0-9*#]{1,32}$/;

/**
 * The browser phone as one card: registration, the call (caller before
 * answering), answer / hang up / hold / mute, a DTMF pad that also dials.
 * Give it a `phone` to share one user agent with the rest of a page (the
 * desk); without, it runs its own.
 */
export function PhonePanel({ phone }: { phone?: BrowserPhone }) {
  return phone ? <PanelView phone={phone} /> : <OwnPhone />;
}

function OwnPhone() {
  return <PanelView phone={useBrowserPhone()} />;
}

function PanelView({ phone }: { phone: BrowserPhone }) {
  const { t } = useTranslation();
  const { state, credentials } = phone;
  const call = state.call;
  const [dial, setDial] = useState('');
  const registered = state.registration === 'registered';
  const talking = call?.stage === 'talking';

  const key = (k: string) => {
    if (talking) phone.sendDtmf(k);
    else setDial((d) => `${d}${k}`);
  };

  return (
    <Card
      title={t('phone.title')}
      data-testid="phone-panel"
      data-phone-call={call?.stage ?? 'idle'}
      extra={
        <Tag
          color={STATUS_COLOR[state.registration]}
          data-testid="phone-status"
          data-state={state.registration}
        >
          {t(`phone.status.${state.registration}`)}
        </Tag>
      }
      style={{ maxWidth: 420 }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {credentials && (
          <Typography.Text type="secondary" data-testid="phone-seat">
            {t('phone.seat', { extension: credentials.extension, name: credentials.displayName })}
          </Typography.Text>
        )}
        {state.registration === 'error' && state.reason === 'certificate' && phone.httpsOrigin ? (
          <CertificateHelp httpsOrigin={phone.httpsOrigin} onRetry={phone.restart} />
        ) : state.registration === 'error' && state.reason ? (
          <Alert
            type="error"
            showIcon
            data-testid="phone-error"
            data-reason={state.reason}
            title={t(`phone.error.${state.reason}`)}
            action={
              state.reason === 'no-seat' ? undefined : (
                <Button size="small" onClick={phone.restart}>
                  {t('phone.retry')}
                </Button>
              )
            }
          />
        ) : null}

        {call ? (
          <Card size="small" data-testid="phone-call" data-stage={call.stage}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text type="secondary">
                {t(`phone.stage.${call.stage}`)}
                {call.held ? ` · ${t('phone.held')}` : ''}
                {call.muted ? ` · ${t('phone.muted')}` : ''}
              </Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }} data-testid="phone-caller">
                {call.number}
              </Typography.Title>
              {call.name && call.name !== call.number && (
                <Typography.Text data-testid="phone-caller-name">{call.name}</Typography.Text>
              )}
              <Space wrap>
                {call.stage === 'ringing' && (
                  <Button
                    type="primary"
                    icon={<PhoneOutlined />}
                    onClick={phone.answer}
                    data-testid="phone-answer"
                  >
                    {t('phone.answer')}
                  </Button>
                )}
                <Button danger icon={<StopOutlined />} onClick={phone.hangup} data-testid="phone-hangup">
                  {call.stage === 'ringing' ? t('phone.reject') : t('phone.hangup')}
                </Button>
                {talking && (
                  <Button
                    icon={call.held ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
                    onClick={() => phone.hold(!call.held)}
                    data-testid="phone-hold"
                  >
                    {call.held ? t('phone.unhold') : t('phone.hold')}
                  </Button>
                )}
                {talking && (
                  <Button
                    icon={call.muted ? <AudioOutlined /> : <AudioMutedOutlined />}
                    onClick={() => phone.mute(!call.muted)}
                    data-testid="phone-mute"
                  >
                    {call.muted ? t('phone.unmute') : t('phone.mute')}
                  </Button>
                )}
              </Space>
            </Space>
          </Card>
        ) : (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              value={dial}
              onChange={(e) => setDial(e.target.value.trim())}
              placeholder={t('phone.dialPlaceholder')}
              data-testid="phone-dial"
              onPressEnter={() => DIALLABLE.test(dial) && phone.call(dial)}
            />
            <Button
              type="primary"
              icon={<PhoneOutlined />}
              disabled={!registered || !DIALLABLE.test(dial)}
              onClick={() => phone.call(dial)}
              data-testid="phone-call-button"
            >
              {t('phone.call')}
            </Button>
          </Space.Compact>
        )}

        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 }}
          data-testid="phone-pad"
        >
          {DTMF_KEYS.map((k) => (
            <Button
              key={k}
              onClick={() => key(k)}
              disabled={Boolean(call) && !talking}
              data-testid={`phone-key-${k}`}
            >
              {k}
            </Button>
          ))}
        </div>
        {!call && state.lastEnd && (
          <Typography.Text type="secondary" data-testid="phone-last-end">
            {t('phone.lastEnd', { cause: state.lastEnd })}
          </Typography.Text>
        )}
      </Space>
      {/* the other party's voice; never shown */}
      {/* biome-ignore lint/a11y/useMediaCaption: a live phone call has no captions to offer */}
      <audio ref={phone.audioRef} autoPlay data-testid="phone-remote-audio" />
    </Card>
  );
}
