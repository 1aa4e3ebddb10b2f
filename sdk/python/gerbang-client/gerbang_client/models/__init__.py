"""Contains all the data models used in inputs/outputs"""

from .activity import Activity
from .activity_page import ActivityPage
from .ai_config_input import AiConfigInput
from .ai_config_view import AiConfigView
from .ai_memory import AiMemory
from .ai_provider import AiProvider
from .ai_scope import AiScope
from .ai_settings import AiSettings
from .ai_try_input import AiTryInput
from .ai_try_result import AiTryResult
from .ai_usage import AiUsage
from .api_key import ApiKey
from .audit_actor import AuditActor
from .audit_entry import AuditEntry
from .audit_entry_details import AuditEntryDetails
from .audit_filter_values import AuditFilterValues
from .auth_tokens import AuthTokens
from .b_tree_map import BTreeMap
from .block_done import BlockDone
from .blocked_contact import BlockedContact
from .blocklist import Blocklist
from .bot_config import BotConfig
from .bot_config_update import BotConfigUpdate
from .bot_day_count import BotDayCount
from .bot_log import BotLog
from .bot_rule import BotRule
from .bot_stats import BotStats
from .business_profile import BusinessProfile
from .business_profile_view import BusinessProfileView
from .cached_group import CachedGroup
from .call_settings_input import CallSettingsInput
from .call_settings_view import CallSettingsView
from .category import Category
from .category_input import CategoryInput
from .category_ref import CategoryRef
from .category_update import CategoryUpdate
from .change_password_input import ChangePasswordInput
from .channel_info import ChannelInfo
from .channel_list import ChannelList
from .channel_post import ChannelPost
from .channel_posts import ChannelPosts
from .channel_reaction import ChannelReaction
from .channel_view import ChannelView
from .chat_flags import ChatFlags
from .chat_history import ChatHistory
from .chat_read import ChatRead
from .chat_state_input import ChatStateInput
from .chat_summary import ChatSummary
from .chat_updated import ChatUpdated
from .chatwoot_input import ChatwootInput
from .chatwoot_view import ChatwootView
from .chatwoot_webhook_body import ChatwootWebhookBody
from .check_numbers_input import CheckNumbersInput
from .check_numbers_result import CheckNumbersResult
from .clean_input import CleanInput
from .cluster_lease import ClusterLease
from .cluster_node import ClusterNode
from .cluster_view import ClusterView
from .config_view import ConfigView
from .connect_result import ConnectResult
from .connection_entry import ConnectionEntry
from .contact import Contact
from .contact_input import ContactInput
from .contact_input_fields import ContactInputFields
from .contact_profile_view import ContactProfileView
from .contact_update import ContactUpdate
from .contact_update_fields_type_0 import ContactUpdateFieldsType0
from .counts import Counts
from .create_api_key_input import CreateApiKeyInput
from .create_device_input import CreateDeviceInput
from .create_group_input import CreateGroupInput
from .create_job_input import CreateJobInput
from .create_media_job_input import CreateMediaJobInput
from .create_user_input import CreateUserInput
from .create_webhook_input import CreateWebhookInput
from .create_webhook_input_headers import CreateWebhookInputHeaders
from .created_api_key import CreatedApiKey
from .created_webhook import CreatedWebhook
from .day_counts import DayCounts
from .decision_type_0 import DecisionType0
from .decision_type_0_action import DecisionType0Action
from .decision_type_1 import DecisionType1
from .decision_type_1_action import DecisionType1Action
from .decision_type_2 import DecisionType2
from .decision_type_2_action import DecisionType2Action
from .decision_type_3 import DecisionType3
from .decision_type_3_action import DecisionType3Action
from .decision_type_4 import DecisionType4
from .decision_type_4_action import DecisionType4Action
from .decision_type_5 import DecisionType5
from .decision_type_5_action import DecisionType5Action
from .decision_type_6 import DecisionType6
from .decision_type_6_action import DecisionType6Action
from .default_device_input import DefaultDeviceInput
from .default_device_view import DefaultDeviceView
from .default_source import DefaultSource
from .delete_input import DeleteInput
from .deleted_chatwoot import DeletedChatwoot
from .delivery import Delivery
from .delivery_attempt import DeliveryAttempt
from .delivery_event import DeliveryEvent
from .delivery_status import DeliveryStatus
from .device import Device
from .device_contact import DeviceContact
from .device_health import DeviceHealth
from .device_proxy_input import DeviceProxyInput
from .device_proxy_view import DeviceProxyView
from .device_status import DeviceStatus
from .device_status_view import DeviceStatusView
from .disappearing_input import DisappearingInput
from .disappearing_timer import DisappearingTimer
from .done import Done
from .edit_input import EditInput
from .engine_kind import EngineKind
from .enqueue_input import EnqueueInput
from .enqueued import Enqueued
from .envelope_activity import EnvelopeActivity
from .envelope_activity_data import EnvelopeActivityData
from .envelope_activity_page import EnvelopeActivityPage
from .envelope_activity_page_data import EnvelopeActivityPageData
from .envelope_ai_config_view import EnvelopeAiConfigView
from .envelope_ai_config_view_data import EnvelopeAiConfigViewData
from .envelope_ai_memory import EnvelopeAiMemory
from .envelope_ai_memory_data import EnvelopeAiMemoryData
from .envelope_ai_try_result import EnvelopeAiTryResult
from .envelope_ai_try_result_data import EnvelopeAiTryResultData
from .envelope_audit_filter_values import EnvelopeAuditFilterValues
from .envelope_audit_filter_values_data import EnvelopeAuditFilterValuesData
from .envelope_auth_tokens import EnvelopeAuthTokens
from .envelope_auth_tokens_data import EnvelopeAuthTokensData
from .envelope_block_done import EnvelopeBlockDone
from .envelope_block_done_data import EnvelopeBlockDoneData
from .envelope_blocklist import EnvelopeBlocklist
from .envelope_blocklist_data import EnvelopeBlocklistData
from .envelope_bot_config import EnvelopeBotConfig
from .envelope_bot_config_data import EnvelopeBotConfigData
from .envelope_bot_rule import EnvelopeBotRule
from .envelope_bot_rule_data import EnvelopeBotRuleData
from .envelope_bot_stats import EnvelopeBotStats
from .envelope_bot_stats_data import EnvelopeBotStatsData
from .envelope_business_profile_view import EnvelopeBusinessProfileView
from .envelope_business_profile_view_data import EnvelopeBusinessProfileViewData
from .envelope_cached_group import EnvelopeCachedGroup
from .envelope_cached_group_data import EnvelopeCachedGroupData
from .envelope_call_settings_view import EnvelopeCallSettingsView
from .envelope_call_settings_view_data import EnvelopeCallSettingsViewData
from .envelope_category import EnvelopeCategory
from .envelope_category_data import EnvelopeCategoryData
from .envelope_channel_list import EnvelopeChannelList
from .envelope_channel_list_data import EnvelopeChannelListData
from .envelope_channel_posts import EnvelopeChannelPosts
from .envelope_channel_posts_data import EnvelopeChannelPostsData
from .envelope_channel_view import EnvelopeChannelView
from .envelope_channel_view_data import EnvelopeChannelViewData
from .envelope_chat_history import EnvelopeChatHistory
from .envelope_chat_history_data import EnvelopeChatHistoryData
from .envelope_chat_read import EnvelopeChatRead
from .envelope_chat_read_data import EnvelopeChatReadData
from .envelope_chat_updated import EnvelopeChatUpdated
from .envelope_chat_updated_data import EnvelopeChatUpdatedData
from .envelope_chatwoot_view import EnvelopeChatwootView
from .envelope_chatwoot_view_data import EnvelopeChatwootViewData
from .envelope_check_numbers_result import EnvelopeCheckNumbersResult
from .envelope_check_numbers_result_data import EnvelopeCheckNumbersResultData
from .envelope_cluster_view import EnvelopeClusterView
from .envelope_cluster_view_data import EnvelopeClusterViewData
from .envelope_config_view import EnvelopeConfigView
from .envelope_config_view_data import EnvelopeConfigViewData
from .envelope_connect_result import EnvelopeConnectResult
from .envelope_connect_result_data import EnvelopeConnectResultData
from .envelope_contact import EnvelopeContact
from .envelope_contact_data import EnvelopeContactData
from .envelope_contact_profile_view import EnvelopeContactProfileView
from .envelope_contact_profile_view_data import EnvelopeContactProfileViewData
from .envelope_created_api_key import EnvelopeCreatedApiKey
from .envelope_created_api_key_data import EnvelopeCreatedApiKeyData
from .envelope_created_webhook import EnvelopeCreatedWebhook
from .envelope_created_webhook_data import EnvelopeCreatedWebhookData
from .envelope_default_device_view import EnvelopeDefaultDeviceView
from .envelope_default_device_view_data import EnvelopeDefaultDeviceViewData
from .envelope_deleted_chatwoot import EnvelopeDeletedChatwoot
from .envelope_deleted_chatwoot_data import EnvelopeDeletedChatwootData
from .envelope_delivery import EnvelopeDelivery
from .envelope_delivery_data import EnvelopeDeliveryData
from .envelope_delivery_data_event import EnvelopeDeliveryDataEvent
from .envelope_device import EnvelopeDevice
from .envelope_device_data import EnvelopeDeviceData
from .envelope_device_health import EnvelopeDeviceHealth
from .envelope_device_health_data import EnvelopeDeviceHealthData
from .envelope_device_proxy_view import EnvelopeDeviceProxyView
from .envelope_device_proxy_view_data import EnvelopeDeviceProxyViewData
from .envelope_device_status_view import EnvelopeDeviceStatusView
from .envelope_device_status_view_data import EnvelopeDeviceStatusViewData
from .envelope_disappearing_timer import EnvelopeDisappearingTimer
from .envelope_disappearing_timer_data import EnvelopeDisappearingTimerData
from .envelope_done import EnvelopeDone
from .envelope_done_data import EnvelopeDoneData
from .envelope_event import EnvelopeEvent
from .envelope_event_data import EnvelopeEventData
from .envelope_event_data_data import EnvelopeEventDataData
from .envelope_global_stats import EnvelopeGlobalStats
from .envelope_global_stats_data import EnvelopeGlobalStatsData
from .envelope_group_details import EnvelopeGroupDetails
from .envelope_group_details_data import EnvelopeGroupDetailsData
from .envelope_group_list import EnvelopeGroupList
from .envelope_group_list_data import EnvelopeGroupListData
from .envelope_group_picture_view import EnvelopeGroupPictureView
from .envelope_group_picture_view_data import EnvelopeGroupPictureViewData
from .envelope_handoff import EnvelopeHandoff
from .envelope_handoff_data import EnvelopeHandoffData
from .envelope_history_sync_view import EnvelopeHistorySyncView
from .envelope_history_sync_view_data import EnvelopeHistorySyncViewData
from .envelope_import_report import EnvelopeImportReport
from .envelope_import_report_data import EnvelopeImportReportData
from .envelope_invite_link import EnvelopeInviteLink
from .envelope_invite_link_data import EnvelopeInviteLinkData
from .envelope_job import EnvelopeJob
from .envelope_job_data import EnvelopeJobData
from .envelope_job_data_media_type_0 import EnvelopeJobDataMediaType0
from .envelope_joined import EnvelopeJoined
from .envelope_joined_data import EnvelopeJoinedData
from .envelope_label_done import EnvelopeLabelDone
from .envelope_label_done_data import EnvelopeLabelDoneData
from .envelope_label_list import EnvelopeLabelList
from .envelope_label_list_data import EnvelopeLabelListData
from .envelope_logged_out import EnvelopeLoggedOut
from .envelope_logged_out_data import EnvelopeLoggedOutData
from .envelope_message_label_done import EnvelopeMessageLabelDone
from .envelope_message_label_done_data import EnvelopeMessageLabelDoneData
from .envelope_message_page import EnvelopeMessagePage
from .envelope_message_page_data import EnvelopeMessagePageData
from .envelope_own_profile_view import EnvelopeOwnProfileView
from .envelope_own_profile_view_data import EnvelopeOwnProfileViewData
from .envelope_page_audit_entry import EnvelopePageAuditEntry
from .envelope_page_audit_entry_data import EnvelopePageAuditEntryData
from .envelope_page_audit_entry_data_items_item import EnvelopePageAuditEntryDataItemsItem
from .envelope_page_audit_entry_data_items_item_details import EnvelopePageAuditEntryDataItemsItemDetails
from .envelope_page_bot_log import EnvelopePageBotLog
from .envelope_page_bot_log_data import EnvelopePageBotLogData
from .envelope_page_bot_log_data_items_item import EnvelopePageBotLogDataItemsItem
from .envelope_page_cached_group import EnvelopePageCachedGroup
from .envelope_page_cached_group_data import EnvelopePageCachedGroupData
from .envelope_page_cached_group_data_items_item import EnvelopePageCachedGroupDataItemsItem
from .envelope_page_category import EnvelopePageCategory
from .envelope_page_category_data import EnvelopePageCategoryData
from .envelope_page_category_data_items_item import EnvelopePageCategoryDataItemsItem
from .envelope_page_contact import EnvelopePageContact
from .envelope_page_contact_data import EnvelopePageContactData
from .envelope_page_contact_data_items_item import EnvelopePageContactDataItemsItem
from .envelope_page_delivery import EnvelopePageDelivery
from .envelope_page_delivery_data import EnvelopePageDeliveryData
from .envelope_page_delivery_data_items_item import EnvelopePageDeliveryDataItemsItem
from .envelope_page_delivery_data_items_item_event import EnvelopePageDeliveryDataItemsItemEvent
from .envelope_page_device import EnvelopePageDevice
from .envelope_page_device_contact import EnvelopePageDeviceContact
from .envelope_page_device_contact_data import EnvelopePageDeviceContactData
from .envelope_page_device_contact_data_items_item import EnvelopePageDeviceContactDataItemsItem
from .envelope_page_device_data import EnvelopePageDeviceData
from .envelope_page_device_data_items_item import EnvelopePageDeviceDataItemsItem
from .envelope_page_job import EnvelopePageJob
from .envelope_page_job_data import EnvelopePageJobData
from .envelope_page_job_data_items_item import EnvelopePageJobDataItemsItem
from .envelope_page_job_data_items_item_media_type_0 import EnvelopePageJobDataItemsItemMediaType0
from .envelope_page_job_recipient import EnvelopePageJobRecipient
from .envelope_page_job_recipient_data import EnvelopePageJobRecipientData
from .envelope_page_job_recipient_data_items_item import EnvelopePageJobRecipientDataItemsItem
from .envelope_page_job_recipient_data_items_item_variables import EnvelopePageJobRecipientDataItemsItemVariables
from .envelope_page_scheduled_message import EnvelopePageScheduledMessage
from .envelope_page_scheduled_message_data import EnvelopePageScheduledMessageData
from .envelope_page_scheduled_message_data_items_item import EnvelopePageScheduledMessageDataItemsItem
from .envelope_page_template_view import EnvelopePageTemplateView
from .envelope_page_template_view_data import EnvelopePageTemplateViewData
from .envelope_page_template_view_data_items_item import EnvelopePageTemplateViewDataItemsItem
from .envelope_page_user import EnvelopePageUser
from .envelope_page_user_data import EnvelopePageUserData
from .envelope_page_user_data_items_item import EnvelopePageUserDataItemsItem
from .envelope_pairing_code import EnvelopePairingCode
from .envelope_pairing_code_data import EnvelopePairingCodeData
from .envelope_participants_result import EnvelopeParticipantsResult
from .envelope_participants_result_data import EnvelopeParticipantsResultData
from .envelope_photo_info import EnvelopePhotoInfo
from .envelope_photo_info_data import EnvelopePhotoInfoData
from .envelope_picture_done import EnvelopePictureDone
from .envelope_picture_done_data import EnvelopePictureDoneData
from .envelope_poll_tally import EnvelopePollTally
from .envelope_poll_tally_data import EnvelopePollTallyData
from .envelope_presence_done import EnvelopePresenceDone
from .envelope_presence_done_data import EnvelopePresenceDoneData
from .envelope_preview import EnvelopePreview
from .envelope_preview_data import EnvelopePreviewData
from .envelope_qr_view import EnvelopeQrView
from .envelope_qr_view_data import EnvelopeQrViewData
from .envelope_queue_change import EnvelopeQueueChange
from .envelope_queue_change_data import EnvelopeQueueChangeData
from .envelope_queue_config import EnvelopeQueueConfig
from .envelope_queue_config_data import EnvelopeQueueConfigData
from .envelope_queue_item import EnvelopeQueueItem
from .envelope_queue_item_data import EnvelopeQueueItemData
from .envelope_queue_overview import EnvelopeQueueOverview
from .envelope_queue_overview_data import EnvelopeQueueOverviewData
from .envelope_queue_stats import EnvelopeQueueStats
from .envelope_queue_stats_data import EnvelopeQueueStatsData
from .envelope_realtime_status import EnvelopeRealtimeStatus
from .envelope_realtime_status_data import EnvelopeRealtimeStatusData
from .envelope_redelivered import EnvelopeRedelivered
from .envelope_redelivered_data import EnvelopeRedeliveredData
from .envelope_scheduled_message import EnvelopeScheduledMessage
from .envelope_scheduled_message_data import EnvelopeScheduledMessageData
from .envelope_seed_qr import EnvelopeSeedQr
from .envelope_seed_qr_data import EnvelopeSeedQrData
from .envelope_seed_status import EnvelopeSeedStatus
from .envelope_seed_status_data import EnvelopeSeedStatusData
from .envelope_send_result import EnvelopeSendResult
from .envelope_send_result_data import EnvelopeSendResultData
from .envelope_star_done import EnvelopeStarDone
from .envelope_star_done_data import EnvelopeStarDoneData
from .envelope_statistics import EnvelopeStatistics
from .envelope_statistics_data import EnvelopeStatisticsData
from .envelope_status_posted import EnvelopeStatusPosted
from .envelope_status_posted_data import EnvelopeStatusPostedData
from .envelope_status_settings import EnvelopeStatusSettings
from .envelope_status_settings_data import EnvelopeStatusSettingsData
from .envelope_stream_counts import EnvelopeStreamCounts
from .envelope_stream_counts_data import EnvelopeStreamCountsData
from .envelope_template_view import EnvelopeTemplateView
from .envelope_template_view_data import EnvelopeTemplateViewData
from .envelope_test_result import EnvelopeTestResult
from .envelope_test_result_data import EnvelopeTestResultData
from .envelope_use_result import EnvelopeUseResult
from .envelope_use_result_data import EnvelopeUseResultData
from .envelope_user import EnvelopeUser
from .envelope_user_data import EnvelopeUserData
from .envelope_user_insights import EnvelopeUserInsights
from .envelope_user_insights_data import EnvelopeUserInsightsData
from .envelope_validate_key_result import EnvelopeValidateKeyResult
from .envelope_validate_key_result_data import EnvelopeValidateKeyResultData
from .envelope_vec_api_key import EnvelopeVecApiKey
from .envelope_vec_api_key_data_item import EnvelopeVecApiKeyDataItem
from .envelope_vec_bot_rule import EnvelopeVecBotRule
from .envelope_vec_bot_rule_data_item import EnvelopeVecBotRuleDataItem
from .envelope_vec_chat_summary import EnvelopeVecChatSummary
from .envelope_vec_chat_summary_data_item import EnvelopeVecChatSummaryDataItem
from .envelope_vec_contact import EnvelopeVecContact
from .envelope_vec_contact_data_item import EnvelopeVecContactDataItem
from .envelope_vec_day_counts import EnvelopeVecDayCounts
from .envelope_vec_day_counts_data_item import EnvelopeVecDayCountsDataItem
from .envelope_vec_handoff import EnvelopeVecHandoff
from .envelope_vec_handoff_data_item import EnvelopeVecHandoffDataItem
from .envelope_vec_starred_message import EnvelopeVecStarredMessage
from .envelope_vec_starred_message_data_item import EnvelopeVecStarredMessageDataItem
from .envelope_vec_tag_count import EnvelopeVecTagCount
from .envelope_vec_tag_count_data_item import EnvelopeVecTagCountDataItem
from .envelope_vec_webhook import EnvelopeVecWebhook
from .envelope_vec_webhook_data_item import EnvelopeVecWebhookDataItem
from .envelope_vec_webhook_data_item_headers import EnvelopeVecWebhookDataItemHeaders
from .envelope_webhook import EnvelopeWebhook
from .envelope_webhook_data import EnvelopeWebhookData
from .envelope_webhook_data_headers import EnvelopeWebhookDataHeaders
from .envelope_webhook_outcome import EnvelopeWebhookOutcome
from .envelope_webhook_outcome_data import EnvelopeWebhookOutcomeData
from .envelope_webhook_test import EnvelopeWebhookTest
from .envelope_webhook_test_data import EnvelopeWebhookTestData
from .error_body import ErrorBody
from .error_detail import ErrorDetail
from .error_detail_fields_type_0 import ErrorDetailFieldsType0
from .event import Event
from .event_data import EventData
from .export_contacts_format import ExportContactsFormat
from .forward_input import ForwardInput
from .global_stats import GlobalStats
from .group_details import GroupDetails
from .group_info import GroupInfo
from .group_job_input import GroupJobInput
from .group_list import GroupList
from .group_media_job_input import GroupMediaJobInput
from .group_participant import GroupParticipant
from .group_picture_view import GroupPictureView
from .group_settings_input import GroupSettingsInput
from .handoff import Handoff
from .handoff_input import HandoffInput
from .health import Health
from .history_sync_input import HistorySyncInput
from .history_sync_view import HistorySyncView
from .hour_counts import HourCounts
from .import_form import ImportForm
from .import_json import ImportJson
from .import_mapping import ImportMapping
from .import_options import ImportOptions
from .import_report import ImportReport
from .invite_link import InviteLink
from .job import Job
from .job_media_type_0 import JobMediaType0
from .job_progress import JobProgress
from .job_recipient import JobRecipient
from .job_recipient_variables import JobRecipientVariables
from .job_status import JobStatus
from .job_totals import JobTotals
from .job_totals_by_status import JobTotalsByStatus
from .join_input import JoinInput
from .joined import Joined
from .label import Label
from .label_done import LabelDone
from .label_input import LabelInput
from .label_list import LabelList
from .label_with_chats import LabelWithChats
from .labeled_message import LabeledMessage
from .linked_user import LinkedUser
from .logged_out import LoggedOut
from .login_input import LoginInput
from .match_type import MatchType
from .mcp_post_body import McpPostBody
from .media_form import MediaForm
from .media_info import MediaInfo
from .media_kind import MediaKind
from .media_url_input import MediaUrlInput
from .memory_turn import MemoryTurn
from .mention_input import MentionInput
from .message import Message
from .message_extra import MessageExtra
from .message_label_done import MessageLabelDone
from .message_page import MessagePage
from .message_status import MessageStatus
from .mute_input import MuteInput
from .number_check import NumberCheck
from .own_profile_view import OwnProfileView
from .pacing import Pacing
from .pairing_code import PairingCode
from .pairing_code_input import PairingCodeInput
from .participant_action import ParticipantAction
from .participant_outcome import ParticipantOutcome
from .participant_role import ParticipantRole
from .participants_input import ParticipantsInput
from .participants_result import ParticipantsResult
from .photo_form import PhotoForm
from .photo_info import PhotoInfo
from .picture_done import PictureDone
from .picture_form import PictureForm
from .poll_option_tally import PollOptionTally
from .poll_tally import PollTally
from .poll_vote import PollVote
from .poll_vote_input import PollVoteInput
from .presence_done import PresenceDone
from .preview import Preview
from .preview_input import PreviewInput
from .preview_input_variables import PreviewInputVariables
from .priority import Priority
from .profile_input import ProfileInput
from .qr_code import QrCode
from .qr_view import QrView
from .queue_change import QueueChange
from .queue_config import QueueConfig
from .queue_config_input import QueueConfigInput
from .queue_counts import QueueCounts
from .queue_depth import QueueDepth
from .queue_item import QueueItem
from .queue_overview import QueueOverview
from .queue_settings import QueueSettings
from .queue_state import QueueState
from .queue_stats import QueueStats
from .queued_reply import QueuedReply
from .quiet_hours import QuietHours
from .reaction_input import ReactionInput
from .realtime_status import RealtimeStatus
from .recipient_input_type_1_variables import RecipientInputType1Variables
from .recipient_status import RecipientStatus
from .redelivered import Redelivered
from .refresh_input import RefreshInput
from .register_input import RegisterInput
from .reorder_input import ReorderInput
from .responses import Responses
from .retry_input import RetryInput
from .role import Role
from .row_error import RowError
from .rule_hits import RuleHits
from .rule_input import RuleInput
from .rule_spec import RuleSpec
from .schedule_input import ScheduleInput
from .schedule_status import ScheduleStatus
from .scheduled_message import ScheduledMessage
from .seed_qr import SeedQr
from .seed_status import SeedStatus
from .send_contact_input import SendContactInput
from .send_group_input import SendGroupInput
from .send_location_input import SendLocationInput
from .send_poll_input import SendPollInput
from .send_result import SendResult
from .send_text_input import SendTextInput
from .session_send import SessionSend
from .set_presence_input import SetPresenceInput
from .star_done import StarDone
from .starred_message import StarredMessage
from .statistics import Statistics
from .status_media_form import StatusMediaForm
from .status_posted import StatusPosted
from .status_settings import StatusSettings
from .status_settings_input import StatusSettingsInput
from .status_text_input import StatusTextInput
from .stream_counts import StreamCounts
from .subscribe_presence_input import SubscribePresenceInput
from .tag_count import TagCount
from .tags_input import TagsInput
from .tally import Tally
from .tally_by_status import TallyByStatus
from .template_input import TemplateInput
from .template_update import TemplateUpdate
from .template_view import TemplateView
from .test_broadcast_input import TestBroadcastInput
from .test_input import TestInput
from .test_result import TestResult
from .time_range import TimeRange
from .update_group_input import UpdateGroupInput
from .update_user_input import UpdateUserInput
from .update_webhook_input import UpdateWebhookInput
from .update_webhook_input_headers_type_0 import UpdateWebhookInputHeadersType0
from .use_input import UseInput
from .use_input_variables import UseInputVariables
from .use_result import UseResult
from .user import User
from .user_counts import UserCounts
from .user_insights import UserInsights
from .user_streams import UserStreams
from .validate_key_input import ValidateKeyInput
from .validate_key_result import ValidateKeyResult
from .variable import Variable
from .webhook import Webhook
from .webhook_headers import WebhookHeaders
from .webhook_outcome import WebhookOutcome
from .webhook_test import WebhookTest
from .weekly_hours import WeeklyHours

__all__ = (
    "Activity",
    "ActivityPage",
    "AiConfigInput",
    "AiConfigView",
    "AiMemory",
    "AiProvider",
    "AiScope",
    "AiSettings",
    "AiTryInput",
    "AiTryResult",
    "AiUsage",
    "ApiKey",
    "AuditActor",
    "AuditEntry",
    "AuditEntryDetails",
    "AuditFilterValues",
    "AuthTokens",
    "BlockDone",
    "BlockedContact",
    "Blocklist",
    "BotConfig",
    "BotConfigUpdate",
    "BotDayCount",
    "BotLog",
    "BotRule",
    "BotStats",
    "BTreeMap",
    "BusinessProfile",
    "BusinessProfileView",
    "CachedGroup",
    "CallSettingsInput",
    "CallSettingsView",
    "Category",
    "CategoryInput",
    "CategoryRef",
    "CategoryUpdate",
    "ChangePasswordInput",
    "ChannelInfo",
    "ChannelList",
    "ChannelPost",
    "ChannelPosts",
    "ChannelReaction",
    "ChannelView",
    "ChatFlags",
    "ChatHistory",
    "ChatRead",
    "ChatStateInput",
    "ChatSummary",
    "ChatUpdated",
    "ChatwootInput",
    "ChatwootView",
    "ChatwootWebhookBody",
    "CheckNumbersInput",
    "CheckNumbersResult",
    "CleanInput",
    "ClusterLease",
    "ClusterNode",
    "ClusterView",
    "ConfigView",
    "ConnectionEntry",
    "ConnectResult",
    "Contact",
    "ContactInput",
    "ContactInputFields",
    "ContactProfileView",
    "ContactUpdate",
    "ContactUpdateFieldsType0",
    "Counts",
    "CreateApiKeyInput",
    "CreatedApiKey",
    "CreateDeviceInput",
    "CreatedWebhook",
    "CreateGroupInput",
    "CreateJobInput",
    "CreateMediaJobInput",
    "CreateUserInput",
    "CreateWebhookInput",
    "CreateWebhookInputHeaders",
    "DayCounts",
    "DecisionType0",
    "DecisionType0Action",
    "DecisionType1",
    "DecisionType1Action",
    "DecisionType2",
    "DecisionType2Action",
    "DecisionType3",
    "DecisionType3Action",
    "DecisionType4",
    "DecisionType4Action",
    "DecisionType5",
    "DecisionType5Action",
    "DecisionType6",
    "DecisionType6Action",
    "DefaultDeviceInput",
    "DefaultDeviceView",
    "DefaultSource",
    "DeletedChatwoot",
    "DeleteInput",
    "Delivery",
    "DeliveryAttempt",
    "DeliveryEvent",
    "DeliveryStatus",
    "Device",
    "DeviceContact",
    "DeviceHealth",
    "DeviceProxyInput",
    "DeviceProxyView",
    "DeviceStatus",
    "DeviceStatusView",
    "DisappearingInput",
    "DisappearingTimer",
    "Done",
    "EditInput",
    "EngineKind",
    "Enqueued",
    "EnqueueInput",
    "EnvelopeActivity",
    "EnvelopeActivityData",
    "EnvelopeActivityPage",
    "EnvelopeActivityPageData",
    "EnvelopeAiConfigView",
    "EnvelopeAiConfigViewData",
    "EnvelopeAiMemory",
    "EnvelopeAiMemoryData",
    "EnvelopeAiTryResult",
    "EnvelopeAiTryResultData",
    "EnvelopeAuditFilterValues",
    "EnvelopeAuditFilterValuesData",
    "EnvelopeAuthTokens",
    "EnvelopeAuthTokensData",
    "EnvelopeBlockDone",
    "EnvelopeBlockDoneData",
    "EnvelopeBlocklist",
    "EnvelopeBlocklistData",
    "EnvelopeBotConfig",
    "EnvelopeBotConfigData",
    "EnvelopeBotRule",
    "EnvelopeBotRuleData",
    "EnvelopeBotStats",
    "EnvelopeBotStatsData",
    "EnvelopeBusinessProfileView",
    "EnvelopeBusinessProfileViewData",
    "EnvelopeCachedGroup",
    "EnvelopeCachedGroupData",
    "EnvelopeCallSettingsView",
    "EnvelopeCallSettingsViewData",
    "EnvelopeCategory",
    "EnvelopeCategoryData",
    "EnvelopeChannelList",
    "EnvelopeChannelListData",
    "EnvelopeChannelPosts",
    "EnvelopeChannelPostsData",
    "EnvelopeChannelView",
    "EnvelopeChannelViewData",
    "EnvelopeChatHistory",
    "EnvelopeChatHistoryData",
    "EnvelopeChatRead",
    "EnvelopeChatReadData",
    "EnvelopeChatUpdated",
    "EnvelopeChatUpdatedData",
    "EnvelopeChatwootView",
    "EnvelopeChatwootViewData",
    "EnvelopeCheckNumbersResult",
    "EnvelopeCheckNumbersResultData",
    "EnvelopeClusterView",
    "EnvelopeClusterViewData",
    "EnvelopeConfigView",
    "EnvelopeConfigViewData",
    "EnvelopeConnectResult",
    "EnvelopeConnectResultData",
    "EnvelopeContact",
    "EnvelopeContactData",
    "EnvelopeContactProfileView",
    "EnvelopeContactProfileViewData",
    "EnvelopeCreatedApiKey",
    "EnvelopeCreatedApiKeyData",
    "EnvelopeCreatedWebhook",
    "EnvelopeCreatedWebhookData",
    "EnvelopeDefaultDeviceView",
    "EnvelopeDefaultDeviceViewData",
    "EnvelopeDeletedChatwoot",
    "EnvelopeDeletedChatwootData",
    "EnvelopeDelivery",
    "EnvelopeDeliveryData",
    "EnvelopeDeliveryDataEvent",
    "EnvelopeDevice",
    "EnvelopeDeviceData",
    "EnvelopeDeviceHealth",
    "EnvelopeDeviceHealthData",
    "EnvelopeDeviceProxyView",
    "EnvelopeDeviceProxyViewData",
    "EnvelopeDeviceStatusView",
    "EnvelopeDeviceStatusViewData",
    "EnvelopeDisappearingTimer",
    "EnvelopeDisappearingTimerData",
    "EnvelopeDone",
    "EnvelopeDoneData",
    "EnvelopeEvent",
    "EnvelopeEventData",
    "EnvelopeEventDataData",
    "EnvelopeGlobalStats",
    "EnvelopeGlobalStatsData",
    "EnvelopeGroupDetails",
    "EnvelopeGroupDetailsData",
    "EnvelopeGroupList",
    "EnvelopeGroupListData",
    "EnvelopeGroupPictureView",
    "EnvelopeGroupPictureViewData",
    "EnvelopeHandoff",
    "EnvelopeHandoffData",
    "EnvelopeHistorySyncView",
    "EnvelopeHistorySyncViewData",
    "EnvelopeImportReport",
    "EnvelopeImportReportData",
    "EnvelopeInviteLink",
    "EnvelopeInviteLinkData",
    "EnvelopeJob",
    "EnvelopeJobData",
    "EnvelopeJobDataMediaType0",
    "EnvelopeJoined",
    "EnvelopeJoinedData",
    "EnvelopeLabelDone",
    "EnvelopeLabelDoneData",
    "EnvelopeLabelList",
    "EnvelopeLabelListData",
    "EnvelopeLoggedOut",
    "EnvelopeLoggedOutData",
    "EnvelopeMessageLabelDone",
    "EnvelopeMessageLabelDoneData",
    "EnvelopeMessagePage",
    "EnvelopeMessagePageData",
    "EnvelopeOwnProfileView",
    "EnvelopeOwnProfileViewData",
    "EnvelopePageAuditEntry",
    "EnvelopePageAuditEntryData",
    "EnvelopePageAuditEntryDataItemsItem",
    "EnvelopePageAuditEntryDataItemsItemDetails",
    "EnvelopePageBotLog",
    "EnvelopePageBotLogData",
    "EnvelopePageBotLogDataItemsItem",
    "EnvelopePageCachedGroup",
    "EnvelopePageCachedGroupData",
    "EnvelopePageCachedGroupDataItemsItem",
    "EnvelopePageCategory",
    "EnvelopePageCategoryData",
    "EnvelopePageCategoryDataItemsItem",
    "EnvelopePageContact",
    "EnvelopePageContactData",
    "EnvelopePageContactDataItemsItem",
    "EnvelopePageDelivery",
    "EnvelopePageDeliveryData",
    "EnvelopePageDeliveryDataItemsItem",
    "EnvelopePageDeliveryDataItemsItemEvent",
    "EnvelopePageDevice",
    "EnvelopePageDeviceContact",
    "EnvelopePageDeviceContactData",
    "EnvelopePageDeviceContactDataItemsItem",
    "EnvelopePageDeviceData",
    "EnvelopePageDeviceDataItemsItem",
    "EnvelopePageJob",
    "EnvelopePageJobData",
    "EnvelopePageJobDataItemsItem",
    "EnvelopePageJobDataItemsItemMediaType0",
    "EnvelopePageJobRecipient",
    "EnvelopePageJobRecipientData",
    "EnvelopePageJobRecipientDataItemsItem",
    "EnvelopePageJobRecipientDataItemsItemVariables",
    "EnvelopePageScheduledMessage",
    "EnvelopePageScheduledMessageData",
    "EnvelopePageScheduledMessageDataItemsItem",
    "EnvelopePageTemplateView",
    "EnvelopePageTemplateViewData",
    "EnvelopePageTemplateViewDataItemsItem",
    "EnvelopePageUser",
    "EnvelopePageUserData",
    "EnvelopePageUserDataItemsItem",
    "EnvelopePairingCode",
    "EnvelopePairingCodeData",
    "EnvelopeParticipantsResult",
    "EnvelopeParticipantsResultData",
    "EnvelopePhotoInfo",
    "EnvelopePhotoInfoData",
    "EnvelopePictureDone",
    "EnvelopePictureDoneData",
    "EnvelopePollTally",
    "EnvelopePollTallyData",
    "EnvelopePresenceDone",
    "EnvelopePresenceDoneData",
    "EnvelopePreview",
    "EnvelopePreviewData",
    "EnvelopeQrView",
    "EnvelopeQrViewData",
    "EnvelopeQueueChange",
    "EnvelopeQueueChangeData",
    "EnvelopeQueueConfig",
    "EnvelopeQueueConfigData",
    "EnvelopeQueueItem",
    "EnvelopeQueueItemData",
    "EnvelopeQueueOverview",
    "EnvelopeQueueOverviewData",
    "EnvelopeQueueStats",
    "EnvelopeQueueStatsData",
    "EnvelopeRealtimeStatus",
    "EnvelopeRealtimeStatusData",
    "EnvelopeRedelivered",
    "EnvelopeRedeliveredData",
    "EnvelopeScheduledMessage",
    "EnvelopeScheduledMessageData",
    "EnvelopeSeedQr",
    "EnvelopeSeedQrData",
    "EnvelopeSeedStatus",
    "EnvelopeSeedStatusData",
    "EnvelopeSendResult",
    "EnvelopeSendResultData",
    "EnvelopeStarDone",
    "EnvelopeStarDoneData",
    "EnvelopeStatistics",
    "EnvelopeStatisticsData",
    "EnvelopeStatusPosted",
    "EnvelopeStatusPostedData",
    "EnvelopeStatusSettings",
    "EnvelopeStatusSettingsData",
    "EnvelopeStreamCounts",
    "EnvelopeStreamCountsData",
    "EnvelopeTemplateView",
    "EnvelopeTemplateViewData",
    "EnvelopeTestResult",
    "EnvelopeTestResultData",
    "EnvelopeUser",
    "EnvelopeUserData",
    "EnvelopeUseResult",
    "EnvelopeUseResultData",
    "EnvelopeUserInsights",
    "EnvelopeUserInsightsData",
    "EnvelopeValidateKeyResult",
    "EnvelopeValidateKeyResultData",
    "EnvelopeVecApiKey",
    "EnvelopeVecApiKeyDataItem",
    "EnvelopeVecBotRule",
    "EnvelopeVecBotRuleDataItem",
    "EnvelopeVecChatSummary",
    "EnvelopeVecChatSummaryDataItem",
    "EnvelopeVecContact",
    "EnvelopeVecContactDataItem",
    "EnvelopeVecDayCounts",
    "EnvelopeVecDayCountsDataItem",
    "EnvelopeVecHandoff",
    "EnvelopeVecHandoffDataItem",
    "EnvelopeVecStarredMessage",
    "EnvelopeVecStarredMessageDataItem",
    "EnvelopeVecTagCount",
    "EnvelopeVecTagCountDataItem",
    "EnvelopeVecWebhook",
    "EnvelopeVecWebhookDataItem",
    "EnvelopeVecWebhookDataItemHeaders",
    "EnvelopeWebhook",
    "EnvelopeWebhookData",
    "EnvelopeWebhookDataHeaders",
    "EnvelopeWebhookOutcome",
    "EnvelopeWebhookOutcomeData",
    "EnvelopeWebhookTest",
    "EnvelopeWebhookTestData",
    "ErrorBody",
    "ErrorDetail",
    "ErrorDetailFieldsType0",
    "Event",
    "EventData",
    "ExportContactsFormat",
    "ForwardInput",
    "GlobalStats",
    "GroupDetails",
    "GroupInfo",
    "GroupJobInput",
    "GroupList",
    "GroupMediaJobInput",
    "GroupParticipant",
    "GroupPictureView",
    "GroupSettingsInput",
    "Handoff",
    "HandoffInput",
    "Health",
    "HistorySyncInput",
    "HistorySyncView",
    "HourCounts",
    "ImportForm",
    "ImportJson",
    "ImportMapping",
    "ImportOptions",
    "ImportReport",
    "InviteLink",
    "Job",
    "JobMediaType0",
    "JobProgress",
    "JobRecipient",
    "JobRecipientVariables",
    "JobStatus",
    "JobTotals",
    "JobTotalsByStatus",
    "Joined",
    "JoinInput",
    "Label",
    "LabelDone",
    "LabeledMessage",
    "LabelInput",
    "LabelList",
    "LabelWithChats",
    "LinkedUser",
    "LoggedOut",
    "LoginInput",
    "MatchType",
    "McpPostBody",
    "MediaForm",
    "MediaInfo",
    "MediaKind",
    "MediaUrlInput",
    "MemoryTurn",
    "MentionInput",
    "Message",
    "MessageExtra",
    "MessageLabelDone",
    "MessagePage",
    "MessageStatus",
    "MuteInput",
    "NumberCheck",
    "OwnProfileView",
    "Pacing",
    "PairingCode",
    "PairingCodeInput",
    "ParticipantAction",
    "ParticipantOutcome",
    "ParticipantRole",
    "ParticipantsInput",
    "ParticipantsResult",
    "PhotoForm",
    "PhotoInfo",
    "PictureDone",
    "PictureForm",
    "PollOptionTally",
    "PollTally",
    "PollVote",
    "PollVoteInput",
    "PresenceDone",
    "Preview",
    "PreviewInput",
    "PreviewInputVariables",
    "Priority",
    "ProfileInput",
    "QrCode",
    "QrView",
    "QueueChange",
    "QueueConfig",
    "QueueConfigInput",
    "QueueCounts",
    "QueueDepth",
    "QueuedReply",
    "QueueItem",
    "QueueOverview",
    "QueueSettings",
    "QueueState",
    "QueueStats",
    "QuietHours",
    "ReactionInput",
    "RealtimeStatus",
    "RecipientInputType1Variables",
    "RecipientStatus",
    "Redelivered",
    "RefreshInput",
    "RegisterInput",
    "ReorderInput",
    "Responses",
    "RetryInput",
    "Role",
    "RowError",
    "RuleHits",
    "RuleInput",
    "RuleSpec",
    "ScheduledMessage",
    "ScheduleInput",
    "ScheduleStatus",
    "SeedQr",
    "SeedStatus",
    "SendContactInput",
    "SendGroupInput",
    "SendLocationInput",
    "SendPollInput",
    "SendResult",
    "SendTextInput",
    "SessionSend",
    "SetPresenceInput",
    "StarDone",
    "StarredMessage",
    "Statistics",
    "StatusMediaForm",
    "StatusPosted",
    "StatusSettings",
    "StatusSettingsInput",
    "StatusTextInput",
    "StreamCounts",
    "SubscribePresenceInput",
    "TagCount",
    "TagsInput",
    "Tally",
    "TallyByStatus",
    "TemplateInput",
    "TemplateUpdate",
    "TemplateView",
    "TestBroadcastInput",
    "TestInput",
    "TestResult",
    "TimeRange",
    "UpdateGroupInput",
    "UpdateUserInput",
    "UpdateWebhookInput",
    "UpdateWebhookInputHeadersType0",
    "UseInput",
    "UseInputVariables",
    "User",
    "UserCounts",
    "UseResult",
    "UserInsights",
    "UserStreams",
    "ValidateKeyInput",
    "ValidateKeyResult",
    "Variable",
    "Webhook",
    "WebhookHeaders",
    "WebhookOutcome",
    "WebhookTest",
    "WeeklyHours",
)
