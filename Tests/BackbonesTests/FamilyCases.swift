import Testing
import Backbones

/// One backbone configuration the family tests run, with what TAO's template says it must be.
struct FamilyCase: CustomTestStringConvertible, Sendable {
    var arch: String
    var layers = 0
    /// Nodes TAO's template names this way (a sample: stem, a block, the end).
    var names: [String]
    /// The last node, its channels and its output stride.
    var output: String
    var channels: Int
    var stride: Int
    /// `freeze_blocks` to try, and the nodes with parameters it must freeze (no more, no less).
    var freeze: Set<Int>
    var frozen: Set<String>

    var testDescription: String { layers == 0 ? arch : "\(arch)\(layers)" }

    static let all: [FamilyCase] = [
        FamilyCase(arch: "resnet", layers: 10, names: ["conv1", "bn_conv1", "block_1a_conv_1", "block_1a_relu_1", "block_4a_relu"],
                   output: "block_4a_relu", channels: 512, stride: 16, freeze: [0, 2],
                   frozen: ["conv1", "block_2a_conv_1", "block_2a_conv_2", "block_2a_conv_shortcut"]),
        FamilyCase(arch: "resnet", layers: 50, names: ["block_1a_conv_3", "block_1a_bn_3", "block_3f_relu", "block_4c_conv_1"],
                   output: "block_4c_relu", channels: 2048, stride: 16, freeze: [1],
                   frozen: ["block_1a_conv_1", "block_1a_conv_2", "block_1a_conv_3", "block_1a_conv_shortcut",
                            "block_1b_conv_1", "block_1b_conv_2", "block_1b_conv_3", "block_1b_conv_shortcut",
                            "block_1c_conv_1", "block_1c_conv_2", "block_1c_conv_3", "block_1c_conv_shortcut"]),
        FamilyCase(arch: "vgg", layers: 16, names: ["block_1a_conv_1", "block_1a_bn_1", "block_1a_relu", "block_3c_conv_1"],
                   output: "block_5c_relu", channels: 512, stride: 16, freeze: [1],
                   frozen: ["block_1a_conv_1", "block_1b_conv_1"]),
        FamilyCase(arch: "vgg", layers: 19, names: ["block_3d_conv_1", "block_5d_bn_1"],
                   output: "block_5d_relu", channels: 512, stride: 16, freeze: [5],
                   frozen: ["block_5a_conv_1", "block_5b_conv_1", "block_5c_conv_1", "block_5d_conv_1"]),
        FamilyCase(arch: "googlenet", names: ["conv1", "bn_conv1", "pool1", "conv2_reduce", "bn_conv2", "pool2",
                                              "inception_3a_3x3_reduce_bn", "inception_3a_pool", "inception_3b_output",
                                              "pool3", "inception_4e_5x5", "activation_1"],
                   output: "inception_5b_output", channels: 1024, stride: 16, freeze: [0, 1],
                   frozen: ["conv1", "conv2_reduce", "conv2", "inception_3a_1x1", "inception_3a_3x3_reduce", "inception_3a_3x3",
                            "inception_3a_5x5_reduce", "inception_3a_5x5", "inception_3a_pool_proj"]),
        FamilyCase(arch: "mobilenet_v1", names: ["conv1_pad", "conv1", "conv1_bn", "conv_block_relu", "conv_pad_1", "conv_dw_1",
                                                 "conv_dw_1_bn", "conv_dw_1_relu", "conv_pw_1", "conv_pw_1_bn", "conv_pw_relu_1"],
                   output: "conv_pw_relu_13", channels: 1024, stride: 32, freeze: [0, 2],
                   frozen: ["conv1", "conv_dw_2", "conv_pw_2"]),
        FamilyCase(arch: "mobilenet_v2", names: ["conv1_pad", "conv1", "bn_conv1", "re_lu_0", "expanded_conv_depthwise_pad",
                                                 "expanded_conv_depthwise", "expanded_conv_relu", "expanded_conv_project_bn",
                                                 "block_1_expand", "re_lu_2", "block_2_add", "block_2_projected_inputs",
                                                 "conv_1", "conv_1_bn"],
                   output: "re_lu_head", channels: 1280, stride: 32, freeze: [0, 3, 18],
                   frozen: ["conv1", "block_2_expand", "block_2_depthwise", "block_2_project", "block_2_projected_inputs",
                            "conv_1"]),
        FamilyCase(arch: "darknet", layers: 19, names: ["conv1", "conv1_bn", "conv1_lrelu", "maxpool_1", "b1_conv1",
                                                        "b3_conv2_lrelu", "maxpool_5"],
                   output: "b5_conv5_lrelu", channels: 1024, stride: 32, freeze: [0, 2],
                   frozen: ["conv1", "b2_conv1", "b2_conv2", "b2_conv3"]),
        FamilyCase(arch: "darknet", layers: 53, names: ["conv2", "b1_conv1_1", "b1_conv1_2_lrelu", "b1_add1", "b3_add8", "conv6"],
                   output: "b5_add4", channels: 1024, stride: 32, freeze: [1],
                   frozen: ["conv2", "b1_conv1_1", "b1_conv1_2"]),
        FamilyCase(arch: "cspdarknet", layers: 19, names: ["conv1_mish", "maxpool_1", "b1_conv1", "b2_part1", "b2_part2",
                                                           "b2_conv3_bn", "b2_concat", "b4_conv5", "b5_final_trans"],
                   output: "b5_final_trans_mish", channels: 1024, stride: 32, freeze: [2],
                   frozen: ["b2_conv1", "b2_part1", "b2_part2", "b2_conv2", "b2_conv3", "b2_partial_trans", "b2_final_trans"]),
        FamilyCase(arch: "cspdarknet", layers: 53, names: ["conv2_1", "conv2_2", "b1_conv1_1", "b1_add1", "b1_partial_trans",
                                                           "b1_concat", "b3_add8", "b4_final_trans_mish"],
                   output: "b5_final_trans_mish", channels: 1024, stride: 32, freeze: [1],
                   frozen: ["conv2", "conv2_1", "conv2_2", "b1_conv1_1", "b1_conv1_2", "b1_partial_trans", "b1_final_trans"]),
        FamilyCase(arch: "cspdarknet_tiny", names: ["conv_0", "conv_0_bn", "conv_0_mish", "conv_2_conv_0", "conv_2_split_0",
                                                    "conv_2_concat_0", "conv_2_concat_1", "conv_2_pool_0", "conv_4_conv_3_mish"],
                   output: "conv_5_mish", channels: 512, stride: 32, freeze: [1, 2],
                   frozen: ["conv_1", "conv_2_conv_0", "conv_2_conv_1", "conv_2_conv_2", "conv_2_conv_3"]),
        FamilyCase(arch: "efficientnet_b0", names: ["stem_conv_pad", "stem_conv", "stem_bn", "stem_activation", "block1a_dwconv",
                                                    "block1a_se_squeeze", "block1a_se_reshape", "block1a_se_excite",
                                                    "block2a_expand_conv", "block2a_dwconv_pad", "block2b_drop", "block2b_add",
                                                    "block7a_project_bn", "top_conv", "top_bn"],
                   output: "top_activation", channels: 1280, stride: 32, freeze: [0, 1],
                   frozen: ["stem_conv", "block1a_dwconv", "block1a_se_reduce", "block1a_se_expand", "block1a_project_conv"]),
        FamilyCase(arch: "efficientnet_b1", names: ["block1b_add", "block2c_add", "block4d_add", "block7b_add"],
                   output: "top_activation", channels: 1280, stride: 32, freeze: [1, 8],
                   frozen: ["block1a_dwconv", "block1a_se_reduce", "block1a_se_expand", "block1a_project_conv",
                            "block1b_dwconv", "block1b_se_reduce", "block1b_se_expand", "block1b_project_conv", "top_conv"]),
        FamilyCase(arch: "alexnet", names: ["conv1", "pool1", "conv2", "pool2", "conv3", "conv4"],
                   output: "conv5", channels: 256, stride: 16, freeze: [1], frozen: ["conv1"]),
        FamilyCase(arch: "squeezenet", names: ["conv1", "conv1_relu", "pool1", "fire2_squeeze_conv", "fire2_squeeze",
                                               "fire2_expand_1x1", "fire2_expand_conv3x3", "fire2", "pool4", "pool8"],
                   output: "fire9", channels: 512, stride: 16, freeze: [0, 1],
                   frozen: ["conv1", "fire2_squeeze_conv", "fire2_expand_conv1x1", "fire2_expand_conv3x3"]),
    ]
}
